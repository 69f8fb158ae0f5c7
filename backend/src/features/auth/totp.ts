// RFC 6238 TOTP (HMAC-SHA-1, 30 s steps, 6 digits, ±1 step) on the `otpauth` library, base32
// secrets, otpauth:// URLs and QR codes. Replay protection is the caller's: `verifyTotp` returns the
// step that matched, and a code is only accepted for a step later than the last one used.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
const TOTP_ALGORITHM = 'SHA1';
/** Secret size in bytes: 160 bits, the SHA-1 block recommendation of RFC 4226 (32 base32 chars). */
const TOTP_SECRET_BYTES = 20;

/**
 * A stored base32 secret as a library Secret. As before the library, case, whitespace, '=' padding
 * and '-' separators are ignored; any other non-base32 character throws.
 */
function secretFrom(secretBase32: string): Secret {
  return Secret.fromBase32(secretBase32.toUpperCase().replace(/[\s=-]/g, ''));
}

/** A new random secret: 20 bytes, base32 (RFC 4648 alphabet, no padding). */
export function generateTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

/** The time step (counter) of a time, in ms since the epoch. */
export function totpStep(nowMs: number, period = TOTP_PERIOD_SECONDS): number {
  return TOTP.counter({ period, timestamp: nowMs });
}

/** The code for a base32 secret at a time (ms since the epoch). */
export function totpAt(secretBase32: string, nowMs: number): string {
  return TOTP.generate({
    secret: secretFrom(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: nowMs,
  });
}

export interface VerifyTotpOptions {
  now: number;
  /** The last step a code was accepted for; codes for this step or earlier are rejected (replay). */
  lastUsedStep?: number | null;
  window?: number;
}

/**
 * Checks a 6-digit code (whitespace ignored) against the steps now-window … now+window. Returns the
 * matched step, or null when the code is malformed, wrong, or was already used (step <= lastUsedStep).
 */
export function verifyTotp(secretBase32: string, token: string, opts: VerifyTotpOptions): number | null {
  const code = token.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: secretFrom(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: opts.now,
    window: opts.window ?? TOTP_WINDOW,
  });
  if (delta === null) return null;
  const matched = totpStep(opts.now) + delta;
  if (matched < 0) return null;
  if (opts.lastUsedStep !== undefined && opts.lastUsedStep !== null && matched <= opts.lastUsedStep)
    return null;
  return matched;
}

/**
 * The otpauth:// key URI for authenticator apps. Built here rather than with `TOTP#toString` to keep
 * the URL existing clients see (label `issuer:account` percent-encoded, `secret` first).
 */
export function otpauthUrl(issuer: string, account: string, secretBase32: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({
    secret: secretBase32,
    issuer,
    algorithm: TOTP_ALGORITHM,
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** A PNG QR code of the otpauth URL as a data URL (`data:image/png;base64,…`). */
export function qrCodeDataUrl(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M' });
}
