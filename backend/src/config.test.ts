// STATUS_DB_WAIT_SECONDS (the rest of the configuration is tested in test/config.test.ts).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const base = {
  DB_USER: 'status',
  DB_PASSWORD: 'pw',
  JWT_SECRET: 'j'.repeat(43),
  REFRESH_JWT_SECRET: 'r'.repeat(43),
  SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('STATUS_DB_WAIT_SECONDS', () => {
  it('defaults to 60 s (also when empty); 0 means no wait', () => {
    expect(loadConfig(base).STATUS_DB_WAIT_SECONDS).toBe(60);
    expect(loadConfig({ ...base, STATUS_DB_WAIT_SECONDS: '' }).STATUS_DB_WAIT_SECONDS).toBe(60);
    expect(loadConfig({ ...base, STATUS_DB_WAIT_SECONDS: '0' }).STATUS_DB_WAIT_SECONDS).toBe(0);
  });

  it('refuses anything but whole seconds up to an hour, naming the variable', () => {
    for (const bad of ['-1', '1.5', 'soon', '86400']) {
      const thrown = (() => {
        try {
          loadConfig({ ...base, STATUS_DB_WAIT_SECONDS: bad });
        } catch (err) {
          return err;
        }
      })();
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).problems.map((p) => p.variable)).toEqual(['STATUS_DB_WAIT_SECONDS']);
    }
  });
});
