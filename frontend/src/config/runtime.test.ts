import { afterEach, describe, expect, it } from 'vitest';
import { config, DEFAULT_CONFIG, readConfig, resetConfigForTests } from '.';
import { apiUrl } from '../api';

afterEach(() => {
  delete window.STATUS_CONFIG;
  resetConfigForTests();
});

describe('runtime config', () => {
  it('defaults to /backend, /grafana and /node-red on the page origin', () => {
    expect(readConfig(undefined)).toEqual({
      apiBase: '/backend',
      grafanaBase: '/grafana',
      nodeRedBase: '/node-red',
    });
    expect(config()).toEqual(DEFAULT_CONFIG);
    expect(apiUrl('/users/auth')).toBe('/backend/users/auth');
  });

  it('takes the values config.js sets, without a trailing slash', () => {
    window.STATUS_CONFIG = {
      apiBase: 'https://status.example.com/api/',
      grafanaBase: '/g',
      nodeRedBase: 'http://127.0.0.1:1880',
    };
    expect(config()).toEqual({
      apiBase: 'https://status.example.com/api',
      grafanaBase: '/g',
      nodeRedBase: 'http://127.0.0.1:1880',
    });
    expect(apiUrl('catalogs', { q: 'a b' })).toBe('https://status.example.com/api/catalogs?q=a+b');
  });

  it('ignores empty or non-string values', () => {
    expect(readConfig({ apiBase: '', grafanaBase: 42, nodeRedBase: '  ' })).toEqual(DEFAULT_CONFIG);
  });
});
