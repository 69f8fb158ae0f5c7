// STATUS_DB_WAIT_SECONDS (the rest of the configuration is tested in test/config.test.ts).
import { describe, expect, it } from 'vitest';
import { testEnv } from '../test/helpers.js';
import { ConfigError, loadConfig } from './config.js';

const base = testEnv();

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
