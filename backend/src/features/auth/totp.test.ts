import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateTotpSecret,
  otpauthUrl,
  qrCodeDataUrl,
  TOTP_PERIOD_SECONDS,
  totpAt,
  totpStep,
  verifyTotp,
} from './totp.js';

// The hand-written implementation this module used before `otpauth` (base32 encoder and RFC 4226
// HOTP on node:crypto), kept here as an oracle: secrets users enabled 2FA with were made by
// `legacyBase32(randomBytes(20))`, and codes their authenticator apps show are `legacyHotp(...)`.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function legacyBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
function legacyBase32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    value = (value << 5) | BASE32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
function legacyHotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(code % 10 ** digits).padStart(digits, '0');
}

// RFC 6238 appendix B: SHA-1 seed "12345678901234567890", T0 = 0, X = 30. The RFC lists 8 digits;
// a 6-digit code is the same value mod 10^6, i.e. its last 6 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of RFC_SEED
const RFC_VECTORS: [seconds: number, step: number, code8: string][] = [
  [59, 0x1, '94287082'],
  [1111111109, 0x23523ec, '07081804'],
  [1111111111, 0x23523ed, '14050471'],
  [1234567890, 0x273ef07, '89005924'],
  [2000000000, 0x3f940aa, '69279037'],
  [20000000000, 0x27bc86aa, '65353130'],
];

const P = TOTP_PERIOD_SECONDS * 1000;

describe('totp', () => {
  it('the RFC secret is the base32 of the RFC seed (old encoder)', () => {
    expect(legacyBase32(RFC_SEED)).toBe(RFC_SECRET);
  });

  it('matches the RFC 6238 SHA-1 test vectors (6 digits) and verifies them at their time', () => {
    for (const [t, step, code8] of RFC_VECTORS) {
      const now = t * 1000;
      expect(totpStep(now)).toBe(step);
      expect(totpAt(RFC_SECRET, now)).toBe(code8.slice(2));
      expect(verifyTotp(RFC_SECRET, code8.slice(2), { now })).toBe(step);
      // the 8-digit form is not a 6-digit code
      expect(verifyTotp(RFC_SECRET, code8, { now })).toBeNull();
    }
  });

  it('matches the RFC 4226 HOTP vectors (counters 0-9, i.e. t = 30·counter)', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expected.forEach((code, counter) => {
      expect(totpAt(RFC_SECRET, counter * P)).toBe(code);
      expect(legacyHotp(RFC_SEED, counter)).toBe(code);
    });
  });

  it('new secrets are 20 random bytes in base32 and round-trip through the old encoder', () => {
    const s = generateTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(s);
    const now = Date.UTC(2026, 5, 1, 12);
    // what an authenticator app (here: the old decoder and HOTP) computes from the base32 secret
    const key = legacyBase32Decode(s);
    expect(key).toHaveLength(20);
    expect(legacyBase32(key)).toBe(s);
    expect(totpAt(s, now)).toBe(legacyHotp(key, totpStep(now)));
  });

  it('secrets generated the old way still verify', () => {
    const now = Date.UTC(2026, 11, 3, 11, 0, 7);
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(20);
      const secret = legacyBase32(key);
      const step = Math.floor(now / P);
      expect(totpAt(secret, now)).toBe(legacyHotp(key, step));
      expect(verifyTotp(secret, legacyHotp(key, step), { now })).toBe(step);
      expect(verifyTotp(secret, legacyHotp(key, step - 1), { now })).toBe(step - 1);
      expect(verifyTotp(secret, legacyHotp(key, step + 1), { now })).toBe(step + 1);
    }
    // the old decoder ignored case, whitespace, '=' and '-'; stored secrets keep working that way
    const code = totpAt(RFC_SECRET, 59_000);
    expect(verifyTotp('gezd gnbv-gy3t qojq gezd gnbv gy3t qojq==', code, { now: 59_000 })).toBe(1);
    expect(() => verifyTotp('not base32!', code, { now: 59_000 })).toThrow();
  });

  it('accepts the current step and ±1, rejects ±2 (window edges)', () => {
    const secret = RFC_SECRET;
    const step = totpStep(1111111111_000);
    const start = step * P; // first ms of the step
    const end = start + P - 1; // last ms of the step
    for (const now of [start, start + 15_000, end]) {
      expect(totpStep(now)).toBe(step);
      expect(verifyTotp(secret, totpAt(secret, step * P), { now })).toBe(step);
      expect(verifyTotp(secret, totpAt(secret, (step - 1) * P), { now })).toBe(step - 1);
      expect(verifyTotp(secret, totpAt(secret, (step + 1) * P), { now })).toBe(step + 1);
      expect(verifyTotp(secret, totpAt(secret, (step - 2) * P), { now })).toBeNull();
      expect(verifyTotp(secret, totpAt(secret, (step + 2) * P), { now })).toBeNull();
    }
    // one ms past either edge moves the window
    expect(verifyTotp(secret, totpAt(secret, (step - 1) * P), { now: end + 1 })).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, (step + 2) * P), { now: end + 1 })).toBe(step + 2);
    expect(verifyTotp(secret, totpAt(secret, (step + 1) * P), { now: start - 1 })).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, (step - 2) * P), { now: start - 1 })).toBe(step - 2);
    // a narrower window on request
    expect(verifyTotp(secret, totpAt(secret, (step - 1) * P), { now: start, window: 0 })).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, step * P), { now: start, window: 0 })).toBe(step);
  });

  it('never returns a step before 0', () => {
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, 0), { now: 0 })).toBe(0);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, 30_000), { now: 0 })).toBe(1);
  });

  it('rejects malformed codes, and ignores whitespace around a good one', () => {
    const now = 1111111111_000;
    const good = totpAt(RFC_SECRET, now); // '050471'
    expect(good).toBe('050471');
    for (const bad of [
      '',
      '12345',
      '1234567',
      'abcdef',
      '05047a',
      '-50471',
      '+50471',
      '50471.',
      '０５０４７１', // full-width digits
      '0x5047',
      '50471',
      `${good}0`,
    ])
      expect(verifyTotp(RFC_SECRET, bad, { now })).toBeNull();
    expect(verifyTotp(RFC_SECRET, ` ${good.slice(0, 3)} ${good.slice(3)}\n`, { now })).toBe(totpStep(now));
  });

  it('refuses a wrong code', () => {
    const now = 1111111111_000;
    const good = totpAt(RFC_SECRET, now);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(RFC_SECRET, wrong, { now })).toBeNull();
  });

  it('rejects a replayed code (step not after the last used step)', () => {
    const secret = generateTotpSecret();
    const now = Date.UTC(2026, 0, 1);
    const code = totpAt(secret, now);
    const used = verifyTotp(secret, code, { now, lastUsedStep: null });
    expect(used).toBe(totpStep(now));
    expect(verifyTotp(secret, code, { now, lastUsedStep: used })).toBeNull();
    // still refused later in the window
    expect(verifyTotp(secret, code, { now: now + 30_000, lastUsedStep: used })).toBeNull();
    // a code of the previous step is also refused once a later one was used
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), { now, lastUsedStep: used })).toBeNull();
    // a code of a step after the last used one is accepted, even within the same window
    expect(verifyTotp(secret, code, { now, lastUsedStep: used! - 1 })).toBe(used);
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), { now, lastUsedStep: used })).toBe(used! + 1);
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), { now: now + 30_000, lastUsedStep: used })).toBe(
      used! + 1,
    );
  });

  it('builds an otpauth URL and a PNG QR data URL', async () => {
    const url = otpauthUrl('STATUS', 'alice', 'JBSWY3DPEHPK3PXP');
    expect(url).toBe(
      'otpauth://totp/STATUS%3Aalice?secret=JBSWY3DPEHPK3PXP&issuer=STATUS&algorithm=SHA1&digits=6&period=30',
    );
    expect(await qrCodeDataUrl(url)).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
  });
});
