import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  otpauthUrl,
  qrCodeDataUrl,
  totpAt,
  totpStep,
  verifyTotp,
} from './totp.js';

// RFC 6238 appendix B: SHA-1 seed "12345678901234567890", T0 = 0, X = 30, 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('totp', () => {
  it('matches the RFC 6238 SHA-1 test vectors (8 digits)', () => {
    for (const [t, code] of RFC_VECTORS) expect(hotp(RFC_SEED, Math.floor(t / 30), 8)).toBe(code);
  });

  it('matches the RFC 4226 HOTP vectors (6 digits)', () => {
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
    expected.forEach((code, counter) => expect(hotp(RFC_SEED, counter)).toBe(code));
  });

  it('round-trips base32 and decodes the RFC seed', () => {
    expect(base32Encode(RFC_SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(RFC_SEED);
    const s = generateTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(s))).toBe(s);
    expect(() => base32Decode('not base32!')).toThrow(/base32/);
  });

  it('accepts the current step and ±1, rejects ±2 and malformed codes', () => {
    const secret = base32Encode(RFC_SEED);
    const now = 1111111111_000;
    const step = totpStep(now);
    expect(verifyTotp(secret, totpAt(secret, now), { now })).toBe(step);
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), { now })).toBe(step - 1);
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), { now })).toBe(step + 1);
    expect(verifyTotp(secret, totpAt(secret, now - 60_000), { now })).toBeNull();
    expect(verifyTotp(secret, totpAt(secret, now + 60_000), { now })).toBeNull();
    expect(verifyTotp(secret, '12345', { now })).toBeNull();
    expect(verifyTotp(secret, 'abcdef', { now })).toBeNull();
  });

  it('rejects a replayed code (step not after the last used step)', () => {
    const secret = generateTotpSecret();
    const now = Date.UTC(2026, 0, 1);
    const code = totpAt(secret, now);
    const used = verifyTotp(secret, code, { now, lastUsedStep: null });
    expect(used).toBe(totpStep(now));
    expect(verifyTotp(secret, code, { now, lastUsedStep: used })).toBeNull();
    // a code of the previous step is also refused once a later one was used
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), { now, lastUsedStep: used })).toBeNull();
    // the next step's code still works
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
