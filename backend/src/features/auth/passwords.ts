// bcrypt (cost 12, bcryptjs). Unknown users are compared against a dummy hash so that the answer
// takes as long as for a real user with a wrong password.
//
// bcryptjs is pure JS: one cost-12 hash or compare is ~0.5 s of CPU, so both run in worker threads
// (password-pool.ts), never on the event loop. Only very cheap costs (tests use 4) run inline.
// The hashes are the same bcryptjs hashes as before: existing users still sign in.
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { PasswordPool } from './password-pool.js';

export const BCRYPT_COST = 12;
export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut. */
export const PASSWORD_MAX_BYTES = 72;
/** Costs up to this take a few ms: cheaper inline than a round trip to a worker (tests use 4). */
const INLINE_MAX_COST = 5;

export const passwordSchema = z
  .string({ error: 'password is required' })
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters long`)
  .refine((p) => Buffer.byteLength(p, 'utf8') <= PASSWORD_MAX_BYTES, {
    message: `password must be at most ${PASSWORD_MAX_BYTES} bytes long`,
  });

let pool: PasswordPool | undefined;
/** The process's worker pool, started at the first costly hash or compare. */
function workers(): PasswordPool {
  pool ??= new PasswordPool();
  return pool;
}

/** Ends the password workers (idle ones never keep the process alive; this is for a tidy exit). */
export async function closePasswordWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  dummyHash = undefined;
  await p?.close();
}

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return cost <= INLINE_MAX_COST ? bcrypt.hash(password, cost) : workers().hash(password, cost);
}

function compare(password: string, hash: string): Promise<boolean> {
  const cost = bcrypt.getRounds(hash); // NaN for a malformed hash: bcryptjs says false at once
  return cost > INLINE_MAX_COST ? workers().compare(password, hash) : bcrypt.compare(password, hash);
}

let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  if (!dummyHash) {
    const made = hashPassword('status-dummy-password-for-timing', BCRYPT_COST);
    dummyHash = made;
    // A failed attempt (a worker died) is not kept: the next unknown user tries again.
    made.catch(() => {
      if (dummyHash === made) dummyHash = undefined;
    });
  }
  return dummyHash;
}

/** True when `password` matches `hash`; with no hash (unknown user) it still spends one bcrypt compare. */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await compare(password, await getDummyHash());
    return false;
  }
  return compare(password, hash);
}

/** Computes the dummy hash ahead of the first sign-in so the first unknown-user answer is not slower. */
export function warmUpPasswords(): Promise<void> {
  return getDummyHash().then(() => undefined);
}
