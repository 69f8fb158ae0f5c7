// Secrets in a backup, only when the operator asks: encrypted with a passphrase (scrypt derives the
// key, AES-256-GCM encrypts and authenticates). A wrong passphrase fails the authentication tag.
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { BackupRefused } from './refusal.js';

// scrypt cost: N=2^15, r=8 (32 MiB, a fraction of a second), fixed in the envelope so it can grow.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

const envelopeSchema = z.strictObject({
  kdf: z.literal('scrypt'),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.base64(),
  cipher: z.literal('aes-256-gcm'),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

const secretsSchema = z.record(z.string(), z.string());
export type BackupSecrets = z.infer<typeof secretsSchema>;

function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: SCRYPT.maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < 8)
    throw new BackupRefused(
      'wrong-passphrase',
      'The passphrase for the secrets is too short.',
      'Use at least 8 characters; you will need it again to restore the secrets.',
    );
}

export async function encryptSecrets(secrets: BackupSecrets, passphrase: string): Promise<Buffer> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  const envelope = {
    kdf: 'scrypt',
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  } satisfies z.infer<typeof envelopeSchema>;
  return Buffer.from(JSON.stringify(envelope), 'utf8');
}

export async function decryptSecrets(sealed: Buffer, passphrase: string): Promise<BackupSecrets> {
  let envelope: z.infer<typeof envelopeSchema>;
  try {
    envelope = envelopeSchema.parse(JSON.parse(sealed.toString('utf8')));
  } catch {
    throw new BackupRefused(
      'damaged-manifest',
      'The secrets in this backup are not in a form STATUS Desktop can read.',
      'Restore without the secrets (STATUS keeps the ones of this machine), or use another backup.',
    );
  }
  const key = await deriveKey(passphrase, Buffer.from(envelope.salt, 'base64'), envelope);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
  } catch {
    throw new BackupRefused(
      'wrong-passphrase',
      'The passphrase does not open the secrets in this backup.',
      'Type the passphrase chosen when the backup was made (it is case-sensitive), or restore without the secrets.',
    );
  }
  return secretsSchema.parse(JSON.parse(plain.toString('utf8')));
}
