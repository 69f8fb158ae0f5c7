// AES-256-GCM for the TOTP secrets at rest, under SECRETS_ENCRYPTION_KEY (base64 of 32 bytes).
// Format `ivHex:cipherHex:tagHex`, as the original's encrypt().
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SecretBox {
  private readonly key: Buffer;
  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('SECRETS_ENCRYPTION_KEY must be base64 of exactly 32 bytes');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const enc = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${iv.toString('hex')}:${enc.toString('hex')}:${c.getAuthTag().toString('hex')}`;
  }

  decrypt(box: string): string {
    const [ivHex, encHex, tagHex] = box.split(':');
    if (!ivHex || encHex === undefined || !tagHex) throw new Error('Malformed encrypted value');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(ivHex, 'hex'));
    d.setAuthTag(Buffer.from(tagHex, 'hex'));
    return Buffer.concat([d.update(Buffer.from(encHex, 'hex')), d.final()]).toString('utf8');
  }
}
