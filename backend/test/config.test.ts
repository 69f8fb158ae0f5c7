import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const base = {
  DB_USER: 'status',
  DB_PASSWORD: 'pw',
  JWT_SECRET: 'j'.repeat(43),
  REFRESH_JWT_SECRET: 'r'.repeat(43),
  SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.variable).sort();
  }
  return [];
}

describe('config', () => {
  it('applies the defaults', () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(3001);
    expect(c.API_PREFIX).toBe('/api/v1');
    expect(c.DRAGONFLY_PORT).toBe(6379);
    expect(c.CORS_ORIGINS).toEqual([]);
    expect(c.AI_MODEL).toBe('gpt-4o-mini');
  });

  it('parses the stack environment (empty strings are unset, origins are a list)', () => {
    const c = loadConfig({
      ...base,
      PORT: '3001',
      CORS_ORIGINS: 'http://localhost:3000, https://status.example/',
      GRAFANA_API_KEY: '',
      AI_BASE_URL: '',
      STATUS_ADMIN_USERNAME: 'admin',
      STATUS_ADMIN_PASSWORD: 'correct horse battery',
    });
    expect(c.CORS_ORIGINS).toEqual(['http://localhost:3000', 'https://status.example']);
    expect(c.GRAFANA_API_KEY).toBeUndefined();
    expect(c.AI_BASE_URL).toBeUndefined();
  });

  it('lists every missing or invalid variable at once', () => {
    expect(
      problems({
        PORT: 'eighty',
        API_PREFIX: 'api/',
        DB_PASSWORD: '',
        JWT_SECRET: 'short',
        SECRETS_ENCRYPTION_KEY: randomBytes(16).toString('base64'),
        NODE_RED_URL: 'not a url',
      }),
    ).toEqual([
      'API_PREFIX',
      'DB_PASSWORD',
      'DB_USER',
      'JWT_SECRET',
      'NODE_RED_URL',
      'PORT',
      'REFRESH_JWT_SECRET',
      'SECRETS_ENCRYPTION_KEY',
    ]);
  });

  it('wants both admin variables or neither', () => {
    expect(problems({ ...base, STATUS_ADMIN_USERNAME: 'admin' })).toEqual(['STATUS_ADMIN_PASSWORD']);
  });

  it('the server prints one clear error and exits 1', () => {
    const dir = path.resolve(import.meta.dirname, '..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: dir,
      env: { PATH: process.env.PATH, JWT_SECRET: 'tiny-secret-value' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('status-backend cannot start');
    for (const v of ['DB_USER', 'DB_PASSWORD', 'JWT_SECRET', 'REFRESH_JWT_SECRET', 'SECRETS_ENCRYPTION_KEY'])
      expect(r.stderr).toContain(`- ${v} `);
    expect(r.stderr).toContain('backend/.env.example');
    expect(r.stderr).not.toContain('tiny-secret-value');
  });
});
