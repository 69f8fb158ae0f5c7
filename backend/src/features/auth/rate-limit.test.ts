import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignInRateLimiter } from './rate-limit.js';
import { startTestRedis, type TestRedis } from './test-redis.js';

let r: TestRedis;
beforeAll(async () => {
  r = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await r?.stop();
});
beforeEach(async () => {
  await r.redis.flushall();
});

describe('SignInRateLimiter', () => {
  it('blocks a user after 5 failures with a Retry-After and a message saying when', async () => {
    const rl = new SignInRateLimiter({ redis: r.redis, clock: () => Date.UTC(2026, 0, 1, 10, 0, 0) });
    for (let i = 0; i < 5; i++) {
      expect((await rl.check('Alice', '10.0.0.1')).allowed).toBe(true);
      await rl.recordFailure('Alice', '10.0.0.1');
    }
    const v = await rl.check('alice', '10.0.0.2'); // other address, same user (case-insensitive)
    expect(v.allowed).toBe(false);
    if (v.allowed) return;
    expect(v.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(v.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(v.message).toMatch(
      /^Too many failed sign-in attempts\. Try again in 15 minutes \(after 2026-01-01T10:1\dZ*/,
    );
    // another user from the first address still may try
    expect((await rl.check('bob', '10.0.0.1')).allowed).toBe(true);
  });

  it('blocks an address after 20 failures across users', async () => {
    const rl = new SignInRateLimiter({ redis: r.redis });
    for (let i = 0; i < 20; i++) await rl.recordFailure(`user${i}`, '192.0.2.7');
    expect((await rl.check('fresh', '192.0.2.7')).allowed).toBe(false);
    expect((await rl.check('fresh', '192.0.2.8')).allowed).toBe(true);
  });

  it('a success clears the user counter; the window expires', async () => {
    const rl = new SignInRateLimiter({ redis: r.redis, maxPerUser: 2, windowSeconds: 1 });
    await rl.recordFailure('carol', 'a');
    await rl.recordSuccess('carol');
    await rl.recordFailure('carol', 'a');
    expect((await rl.check('carol', 'a')).allowed).toBe(true);
    await rl.recordFailure('carol', 'a');
    const v = await rl.check('carol', 'a');
    expect(v.allowed).toBe(false);
    if (!v.allowed) expect(v.message).toMatch(/Try again in 1 seconds?/);
    await new Promise((res) => setTimeout(res, 1100));
    expect((await rl.check('carol', 'a')).allowed).toBe(true);
  });
});
