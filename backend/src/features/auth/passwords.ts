// bcrypt (cost 12, bcryptjs). Unknown users are compared against a dummy hash so that the answer
// takes as long as for a real user with a wrong password.
import bcrypt from 'bcryptjs';
import { z } from 'zod';

export const BCRYPT_COST = 12;
export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut. */
export const PASSWORD_MAX_BYTES = 72;

export const passwordSchema = z
  .string({ error: 'password is required' })
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters long`)
  .refine((p) => Buffer.byteLength(p, 'utf8') <= PASSWORD_MAX_BYTES, {
    message: `password must be at most ${PASSWORD_MAX_BYTES} bytes long`,
  });

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= bcrypt.hash('status-dummy-password-for-timing', BCRYPT_COST);
  return dummyHash;
}

/** True when `password` matches `hash`; with no hash (unknown user) it still spends one bcrypt compare. */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, await getDummyHash());
    return false;
  }
  return bcrypt.compare(password, hash);
}

/** Computes the dummy hash ahead of the first sign-in so the first unknown-user answer is not slower. */
export function warmUpPasswords(): Promise<void> {
  return getDummyHash().then(() => undefined);
}
