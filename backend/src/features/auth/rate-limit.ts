// Failed sign-in attempts counted in Redis per username and per client address (fixed window from
// the first failure). When either budget is spent, sign-in answers 429 with Retry-After.
import type { Redis } from 'ioredis';

export interface RateLimitOptions {
  redis: Redis;
  maxPerUser?: number;
  maxPerAddress?: number;
  windowSeconds?: number;
  keyPrefix?: string;
  clock?: () => number;
}

export type RateLimitVerdict =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

export class SignInRateLimiter {
  readonly maxPerUser: number;
  readonly maxPerAddress: number;
  readonly windowSeconds: number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly clock: () => number;

  constructor(opts: RateLimitOptions) {
    this.redis = opts.redis;
    this.maxPerUser = opts.maxPerUser ?? 5;
    this.maxPerAddress = opts.maxPerAddress ?? 20;
    this.windowSeconds = opts.windowSeconds ?? 15 * 60;
    this.prefix = opts.keyPrefix ?? 'auth:fail:';
    this.clock = opts.clock ?? Date.now;
  }

  private userKey(username: string): string {
    return `${this.prefix}user:${username.trim().toLowerCase()}`;
  }
  private addressKey(address: string): string {
    return `${this.prefix}addr:${address}`;
  }

  /** Whether another attempt is allowed now. */
  async check(username: string, address: string): Promise<RateLimitVerdict> {
    const uk = this.userKey(username);
    const ak = this.addressKey(address);
    const res = await this.redis.multi().get(uk).pttl(uk).get(ak).pttl(ak).exec();
    const val = (i: number): unknown => res?.[i]?.[1];
    const userCount = Number(val(0) ?? 0);
    const addrCount = Number(val(2) ?? 0);
    let waitMs = 0;
    if (userCount >= this.maxPerUser) waitMs = Math.max(waitMs, Number(val(1)));
    if (addrCount >= this.maxPerAddress) waitMs = Math.max(waitMs, Number(val(3)));
    if (userCount < this.maxPerUser && addrCount < this.maxPerAddress) return { allowed: true };
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((waitMs > 0 ? waitMs : this.windowSeconds * 1000) / 1000),
    );
    return { allowed: false, retryAfterSeconds, message: this.message(retryAfterSeconds) };
  }

  message(retryAfterSeconds: number): string {
    const at = new Date(this.clock() + retryAfterSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const minutes = Math.ceil(retryAfterSeconds / 60);
    const wait =
      retryAfterSeconds < 60
        ? `${retryAfterSeconds} seconds`
        : `${minutes} minute${minutes === 1 ? '' : 's'}`;
    return `Too many failed sign-in attempts. Try again in ${wait} (after ${at}).`;
  }

  /** Counts one failure against the user and the address. */
  async recordFailure(username: string, address: string): Promise<void> {
    const w = this.windowSeconds;
    await this.redis
      .multi()
      .incr(this.userKey(username))
      .expire(this.userKey(username), w, 'NX')
      .incr(this.addressKey(address))
      .expire(this.addressKey(address), w, 'NX')
      .exec();
  }

  /** A successful sign-in clears the user's counter (not the address's). */
  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.userKey(username));
  }
}
