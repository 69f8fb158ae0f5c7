import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import { startTestRedis, type TestRedis } from './test-redis.js';
import { TokenError, TokenService, type TokenUser } from './tokens.js';

const JWT_SECRET = 'a'.repeat(40);
const REFRESH_SECRET = 'b'.repeat(40);
const alice: TokenUser = { id: '1', username: 'alice', role: 'USER' };

let r: TestRedis;
let now: number;
let svc: TokenService;
const load = async (id: string) => (id === alice.id ? alice : null);

async function rejected(p: Promise<unknown>): Promise<TokenError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenError);
    return e as TokenError;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  r = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await r?.stop();
});
beforeEach(async () => {
  await r.redis.flushall();
  now = Date.UTC(2026, 10, 26, 12, 0, 0);
  svc = new TokenService({
    redis: r.redis,
    jwtSecret: JWT_SECRET,
    refreshJwtSecret: REFRESH_SECRET,
    clock: () => now,
  });
});

describe('TokenService', () => {
  it('issues a 15-minute HS256 access token with sub, username, role and jti', async () => {
    const t = await svc.issue(alice);
    const header = JSON.parse(Buffer.from(t.accessToken.split('.')[0]!, 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const c = await svc.verifyAccess(t.accessToken);
    expect(c).toMatchObject({ sub: '1', username: 'alice', role: 'USER', fam: t.family });
    expect(c.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.exp - c.iat).toBe(15 * 60);
    const rc = jwt.verify(t.refreshToken, REFRESH_SECRET, { clockTimestamp: now / 1000 }) as jwt.JwtPayload;
    expect(rc.exp! - rc.iat!).toBe(7 * 24 * 3600);
    // the refresh token is not an access token and vice versa
    expect((await rejected(svc.verifyAccess(t.refreshToken))).code).toBe('invalid');
    expect((await rejected(svc.rotate(t.accessToken, load))).code).toBe('invalid');
  });

  it('rejects an expired access token (injected clock) and a forged one', async () => {
    const t = await svc.issue(alice);
    now += 15 * 60 * 1000 - 1000;
    await svc.verifyAccess(t.accessToken);
    now += 2000;
    expect((await rejected(svc.verifyAccess(t.accessToken))).code).toBe('expired');
    const forged = jwt.sign({ sub: '1', username: 'alice', role: 'ADMIN', fam: t.family }, 'x'.repeat(40), {
      jwtid: 'j',
    });
    expect((await rejected(svc.verifyAccess(forged))).code).toBe('invalid');
    const none = jwt.sign({ sub: '1', role: 'ADMIN', fam: t.family, jti: 'j' }, '', { algorithm: 'none' });
    expect((await rejected(svc.verifyAccess(none))).code).toBe('invalid');
  });

  it('rotates the refresh token on every use; the new pair works', async () => {
    const t1 = await svc.issue(alice);
    const t2 = await svc.rotate(t1.refreshToken, load);
    expect(t2.family).toBe(t1.family);
    expect(t2.refreshToken).not.toBe(t1.refreshToken);
    await svc.verifyAccess(t2.accessToken);
    const t3 = await svc.rotate(t2.refreshToken, load);
    await svc.verifyAccess(t3.accessToken);
  });

  it('a reused (already rotated) refresh token revokes the whole family', async () => {
    const t1 = await svc.issue(alice);
    const t2 = await svc.rotate(t1.refreshToken, load);
    now += 11_000; // past the 10 s grace for parallel refreshes
    const e = await rejected(svc.rotate(t1.refreshToken, load));
    expect(e.code).toBe('reused');
    expect(await svc.familyState(t1.family)).toBe('revoked');
    // the legitimate successor is dead too, and so are the family's access tokens
    expect((await rejected(svc.rotate(t2.refreshToken, load))).code).toBe('revoked');
    expect((await rejected(svc.verifyAccess(t2.accessToken))).code).toBe('revoked');
    // another session of the same user is untouched
    const other = await svc.issue(alice);
    await svc.verifyAccess(other.accessToken);
  });

  it('concurrent use of one refresh token: without grace exactly one rotation goes through', async () => {
    const strict = new TokenService({
      redis: r.redis,
      jwtSecret: JWT_SECRET,
      refreshJwtSecret: REFRESH_SECRET,
      clock: () => now,
      reuseGraceSeconds: 0,
    });
    const t1 = await strict.issue(alice);
    const results = await Promise.allSettled([
      strict.rotate(t1.refreshToken, load),
      strict.rotate(t1.refreshToken, load),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(await strict.familyState(t1.family)).toBe('revoked');
  });

  it('within the grace period a second use (another tab) gets its own working pair', async () => {
    const t1 = await svc.issue(alice);
    const [a, b] = await Promise.all([svc.rotate(t1.refreshToken, load), svc.rotate(t1.refreshToken, load)]);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    now += 5_000;
    await svc.verifyAccess(a.accessToken);
    await svc.verifyAccess(b.accessToken);
    expect(await svc.familyState(t1.family)).toBe('active');
    // each successor rotates normally; after the grace the original is a reuse
    await svc.rotate(a.refreshToken, load);
    now += 6_000;
    expect((await rejected(svc.rotate(t1.refreshToken, load))).code).toBe('reused');
  });

  it('sign-out revokes the family: refresh and access tokens stop working', async () => {
    const t = await svc.issue(alice);
    expect(await svc.revokeRefreshToken(t.refreshToken)).toBe(true);
    expect((await rejected(svc.rotate(t.refreshToken, load))).code).toBe('revoked');
    expect((await rejected(svc.verifyAccess(t.accessToken))).code).toBe('revoked');
    expect(await svc.revokeRefreshToken('garbage')).toBe(false);
  });

  it('revokeAllForUser ends every session; a deleted user cannot refresh', async () => {
    const a = await svc.issue(alice);
    const b = await svc.issue(alice);
    await svc.revokeAllForUser(alice.id);
    for (const t of [a, b]) expect((await rejected(svc.verifyAccess(t.accessToken))).code).toBe('revoked');
    const c = await svc.issue(alice);
    expect((await rejected(svc.rotate(c.refreshToken, async () => null))).code).toBe('unknown-user');
    expect(await svc.familyState(c.family)).toBe('revoked');
  });

  it('an expired refresh token is refused', async () => {
    const t = await svc.issue(alice);
    now += 7 * 24 * 3600 * 1000 + 1000;
    expect((await rejected(svc.rotate(t.refreshToken, load))).code).toBe('expired');
  });

  it('refuses equal or missing secrets', () => {
    expect(() => new TokenService({ redis: r.redis, jwtSecret: 'x', refreshJwtSecret: 'x' })).toThrow(
      /differ/,
    );
    expect(() => new TokenService({ redis: r.redis, jwtSecret: '', refreshJwtSecret: 'x' })).toThrow(
      /required/,
    );
  });
});
