// Access and refresh JWTs. Access: 15 min, HS256 with JWT_SECRET, claims sub/username/role/jti/fam.
// Refresh: 7 days, HS256 with REFRESH_JWT_SECRET; its jti and family live in Redis. Each use rotates it
// (the old jti is marked used); presenting a used one again revokes the whole family; sign-out
// revokes the family. Access tokens carry the family too, so a revoked family also ends them.
// Node-RED editor token (the nodeRedToken cookie): 12 h, signed with a key derived from JWT_SECRET
// (so it is never accepted as an access token, nor an access token as it), bound to the family.
import { createHmac, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Redis } from 'ioredis';

export const ROLES = ['ADMIN', 'DEVELOPER', 'USER'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 7 * 24 * 60 * 60;
/**
 * The Node-RED editor token outlives the 15-minute access token (an editor tab left open all day
 * does not see the Node-RED login) but not a working day; it is re-issued at every refresh and dies
 * with its session (sign-out, role change) because it names the session's family.
 */
export const NODE_RED_TTL_SECONDS = 12 * 60 * 60;
const NODE_RED_AUDIENCE = 'node-red';

export interface TokenUser {
  id: string;
  username: string;
  role: Role;
  /** Carried in the access token so GET /auth/verify can name the user to Grafana without the database. */
  email?: string | null;
}

export interface AccessClaims {
  sub: string;
  username: string;
  role: Role;
  /** Absent in tokens of users without an e-mail (and in tokens issued before it was added). */
  email?: string;
  jti: string;
  fam: string;
  iat: number;
  exp: number;
}

export type TokenErrorCode = 'expired' | 'invalid' | 'revoked' | 'reused' | 'unknown-user';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface TokenServiceOptions {
  redis: Redis;
  jwtSecret: string;
  refreshJwtSecret: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  clock?: () => number;
  keyPrefix?: string;
  /**
   * A rotated refresh token presented again within this many seconds gets a fresh pair of the same
   * family instead of revoking it (parallel refreshes from two tabs). 0 disables. Default 10.
   */
  reuseGraceSeconds?: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  family: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** Signs its holder in to the Node-RED editor (stack/node-red/status-auth.js asks /nodered/verify). */
  nodeRedToken: string;
  nodeRedTtlSeconds: number;
}

export interface NodeRedClaims {
  sub: string;
  username: string;
  role: Role;
  fam: string;
}

// Atomically: an active refresh jti becomes `used:<ms>` ('ok'). A used one presented again within
// the grace period (two tabs refreshing at once) gets 'grace'; later it is a reuse: the family is
// revoked ('reused'). A missing jti or a revoked family is 'revoked'.
const ROTATE_LUA = `
local fam = redis.call('GET', KEYS[2])
if fam ~= 'active' then return 'revoked' end
local state = redis.call('GET', KEYS[1])
if not state then return 'revoked' end
if string.sub(state, 1, 4) == 'used' then
  local at = tonumber(string.sub(state, 6)) or 0
  if tonumber(ARGV[1]) - at < tonumber(ARGV[2]) then return 'grace' end
  redis.call('SET', KEYS[2], 'revoked', 'KEEPTTL')
  return 'reused'
end
redis.call('SET', KEYS[1], 'used:' .. ARGV[1], 'KEEPTTL')
return 'ok'
`;

export class TokenService {
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly reuseGraceSeconds: number;
  private readonly redis: Redis;
  private readonly clock: () => number;
  private readonly prefix: string;
  private readonly keys: { access: KeyObject; refresh: KeyObject; nodeRed: KeyObject };

  constructor(private readonly opts: TokenServiceOptions) {
    if (!opts.jwtSecret || !opts.refreshJwtSecret) throw new Error('JWT secrets are required');
    if (opts.jwtSecret === opts.refreshJwtSecret)
      throw new Error('JWT_SECRET and REFRESH_JWT_SECRET must differ');
    this.redis = opts.redis;
    // Key objects made once: given a string, jsonwebtoken first tries (and fails) to read it as a
    // public key and then builds a secret key, on every sign and verify.
    this.keys = {
      access: createSecretKey(Buffer.from(opts.jwtSecret)),
      refresh: createSecretKey(Buffer.from(opts.refreshJwtSecret)),
      nodeRed: createSecretKey(
        Buffer.from(
          createHmac('sha256', opts.jwtSecret).update('status:node-red-editor-token').digest('base64'),
        ),
      ),
    };
    this.clock = opts.clock ?? Date.now;
    this.prefix = opts.keyPrefix ?? 'auth:';
    this.accessTtlSeconds = opts.accessTtlSeconds ?? ACCESS_TTL_SECONDS;
    this.refreshTtlSeconds = opts.refreshTtlSeconds ?? REFRESH_TTL_SECONDS;
    this.reuseGraceSeconds = opts.reuseGraceSeconds ?? 10;
  }

  private nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }
  private jtiKey(jti: string): string {
    return `${this.prefix}rt:${jti}`;
  }
  private familyKey(family: string): string {
    return `${this.prefix}fam:${family}`;
  }
  private userFamiliesKey(userId: string): string {
    return `${this.prefix}user:${userId}:families`;
  }

  signAccess(user: TokenUser, family: string): string {
    return jwt.sign(
      {
        sub: user.id,
        username: user.username,
        role: user.role,
        ...(user.email ? { email: user.email } : {}),
        fam: family,
        iat: this.nowSeconds(),
      },
      this.keys.access,
      { algorithm: 'HS256', expiresIn: this.accessTtlSeconds, jwtid: randomUUID() },
    );
  }

  /** A key of its own for Node-RED editor tokens: HMAC(JWT_SECRET, purpose), never JWT_SECRET itself. */
  private nodeRedKey(): KeyObject {
    return this.keys.nodeRed;
  }

  signNodeRed(user: TokenUser, family: string): string {
    return jwt.sign(
      { sub: user.id, username: user.username, role: user.role, fam: family, iat: this.nowSeconds() },
      this.nodeRedKey(),
      {
        algorithm: 'HS256',
        expiresIn: NODE_RED_TTL_SECONDS,
        audience: NODE_RED_AUDIENCE,
        jwtid: randomUUID(),
      },
    );
  }

  /** A Node-RED editor token: signature, audience, expiry, and its session still active. */
  async verifyNodeRed(token: string): Promise<NodeRedClaims> {
    let c: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(token, this.nodeRedKey(), {
        algorithms: ['HS256'],
        audience: NODE_RED_AUDIENCE,
        clockTimestamp: this.nowSeconds(),
      });
      if (typeof decoded === 'string') throw new Error('bad payload');
      c = decoded;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new TokenError('expired', 'Token expired');
      throw new TokenError('invalid', 'Unauthorized: invalid token');
    }
    if (!c.sub || typeof c.fam !== 'string' || typeof c.username !== 'string' || !ROLES.includes(c.role))
      throw new TokenError('invalid', 'Unauthorized: invalid token');
    if ((await this.familyState(c.fam)) !== 'active')
      throw new TokenError('revoked', 'Unauthorized: session has ended, please sign in again');
    return { sub: c.sub, username: c.username, role: c.role as Role, fam: c.fam };
  }

  /** Verifies signature and expiry (against the injected clock). Does not consult Redis. */
  verifyAccessSignature(token: string): AccessClaims {
    return this.verify(token, this.keys.access) as unknown as AccessClaims;
  }

  /** Signature, expiry, and that the token's family has not been revoked (signed out). */
  async verifyAccess(token: string): Promise<AccessClaims> {
    const claims = this.verifyAccessSignature(token);
    if (!claims.fam || !ROLES.includes(claims.role))
      throw new TokenError('invalid', 'Unauthorized: invalid token');
    const state = await this.redis.get(this.familyKey(claims.fam));
    if (state !== 'active')
      throw new TokenError('revoked', 'Unauthorized: session has ended, please sign in again');
    return claims;
  }

  private verify(token: string, secret: KeyObject): jwt.JwtPayload {
    try {
      const decoded = jwt.verify(token, secret, { algorithms: ['HS256'], clockTimestamp: this.nowSeconds() });
      if (typeof decoded === 'string' || !decoded.sub || !decoded.jti) throw new Error('bad payload');
      return decoded;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new TokenError('expired', 'Token expired');
      throw new TokenError('invalid', 'Unauthorized: invalid token');
    }
  }

  private async storeRefresh(userId: string, family: string, newFamily: boolean): Promise<string> {
    const jti = randomUUID();
    const ttl = this.refreshTtlSeconds;
    const multi = this.redis.multi().set(this.jtiKey(jti), 'active', 'EX', ttl);
    if (newFamily) {
      multi.set(this.familyKey(family), 'active', 'EX', ttl);
      multi.sadd(this.userFamiliesKey(userId), family).expire(this.userFamiliesKey(userId), ttl);
    } else {
      // Rotation extends the family's life to the new refresh token's expiry.
      multi.expire(this.familyKey(family), ttl).expire(this.userFamiliesKey(userId), ttl);
    }
    await multi.exec();
    return jwt.sign({ sub: userId, fam: family, iat: this.nowSeconds() }, this.keys.refresh, {
      algorithm: 'HS256',
      expiresIn: ttl,
      jwtid: jti,
    });
  }

  /** A new session (new family): access + refresh token. */
  async issue(user: TokenUser): Promise<IssuedTokens> {
    const family = randomUUID();
    const refreshToken = await this.storeRefresh(user.id, family, true);
    return this.pack(user, family, refreshToken);
  }

  private pack(user: TokenUser, family: string, refreshToken: string): IssuedTokens {
    return {
      accessToken: this.signAccess(user, family),
      refreshToken,
      family,
      accessTtlSeconds: this.accessTtlSeconds,
      refreshTtlSeconds: this.refreshTtlSeconds,
      nodeRedToken: this.signNodeRed(user, family),
      nodeRedTtlSeconds: NODE_RED_TTL_SECONDS,
    };
  }

  /**
   * Rotates a refresh token: the presented one becomes used and a new pair in the same family is
   * issued. `loadUser` reads the current user (role changes and deletions take effect here).
   */
  async rotate(
    refreshToken: string,
    loadUser: (id: string) => Promise<TokenUser | null>,
  ): Promise<IssuedTokens> {
    const claims = this.verify(refreshToken, this.keys.refresh);
    const family = typeof claims.fam === 'string' ? claims.fam : '';
    if (!family) throw new TokenError('invalid', 'Invalid refresh token');
    const result = await this.redis.eval(
      ROTATE_LUA,
      2,
      this.jtiKey(claims.jti!),
      this.familyKey(family),
      String(Math.floor(this.clock())),
      String(this.reuseGraceSeconds * 1000),
    );
    if (result === 'reused')
      throw new TokenError(
        'reused',
        'Refresh token was already used; the session has been revoked, please sign in again',
      );
    if (result !== 'ok' && result !== 'grace') throw new TokenError('revoked', 'Invalid refresh token');
    const user = await loadUser(claims.sub!);
    if (!user) {
      await this.revokeFamily(family);
      throw new TokenError('unknown-user', 'Invalid refresh token');
    }
    const next = await this.storeRefresh(user.id, family, false);
    return this.pack(user, family, next);
  }

  /**
   * A new access token from a refresh token, WITHOUT rotating it (GET /auth/verify, the reverse
   * proxy's check for every Grafana request, when the access token has expired). Rotation there
   * would race: Grafana fires many requests at once with the same refresh cookie, the browser keeps
   * only one of the rotated tokens, and one presented after the grace period would count as reuse and
   * end the session. So this path changes no session state: it accepts the refresh token while it is
   * unused (or used within the grace period, a refresh elsewhere in flight) and its family is active,
   * reads the current user (`loadUser`: role changes, deletion) and signs an access token of the same
   * family. Rotation and reuse detection stay with GET /users/auth/refresh.
   */
  async renewAccess(
    refreshToken: string,
    loadUser: (id: string) => Promise<TokenUser | null>,
  ): Promise<{ accessToken: string; accessTtlSeconds: number; user: TokenUser; family: string }> {
    const claims = this.verify(refreshToken, this.keys.refresh);
    const family = typeof claims.fam === 'string' ? claims.fam : '';
    if (!family) throw new TokenError('invalid', 'Invalid refresh token');
    const [state, famState] = await this.redis.mget(this.jtiKey(claims.jti!), this.familyKey(family));
    if (famState !== 'active' || !state)
      throw new TokenError('revoked', 'Unauthorized: session has ended, please sign in again');
    if (state !== 'active') {
      // `used:<ms>`: rotated elsewhere; a request that left before the browser had the new cookie.
      const at = Number(state.slice(5)) || 0;
      if (!state.startsWith('used:') || this.clock() - at >= this.reuseGraceSeconds * 1000)
        throw new TokenError(
          'revoked',
          'Unauthorized: this refresh token was replaced, please sign in again',
        );
    }
    const user = await loadUser(claims.sub!);
    if (!user) throw new TokenError('unknown-user', 'Unauthorized: the user no longer exists');
    return {
      accessToken: this.signAccess(user, family),
      accessTtlSeconds: this.accessTtlSeconds,
      user,
      family,
    };
  }

  async revokeFamily(family: string): Promise<void> {
    // Keep the marker (not delete) so that reuse of any of its tokens is told apart from garbage.
    await this.redis.set(this.familyKey(family), 'revoked', 'EX', this.refreshTtlSeconds);
  }

  /** Revokes the family of a refresh token, if it verifies. Returns whether something was revoked. */
  async revokeRefreshToken(refreshToken: string): Promise<boolean> {
    let claims: jwt.JwtPayload;
    try {
      claims = this.verify(refreshToken, this.keys.refresh);
    } catch {
      return false;
    }
    if (typeof claims.fam !== 'string') return false;
    await this.revokeFamily(claims.fam);
    return true;
  }

  /** Ends every session of a user (deletion, password change). */
  async revokeAllForUser(userId: string): Promise<void> {
    const families = await this.redis.smembers(this.userFamiliesKey(userId));
    const multi = this.redis.multi();
    for (const f of families) multi.set(this.familyKey(f), 'revoked', 'EX', this.refreshTtlSeconds);
    multi.del(this.userFamiliesKey(userId));
    await multi.exec();
  }

  async familyState(family: string): Promise<'active' | 'revoked' | 'missing'> {
    const s = await this.redis.get(this.familyKey(family));
    return s === 'active' ? 'active' : s === 'revoked' ? 'revoked' : 'missing';
  }
}
