import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { extractAccessToken } from './middleware.js';
import { accessFor, decide, DEFAULT_ACCESS, findRule, matchPattern, POLICY } from './policy.js';

describe('policy table', () => {
  it('has no duplicate rows and only well-formed paths', () => {
    const seen = new Set<string>();
    for (const r of POLICY) {
      expect(r.path).toMatch(/^\/[A-Za-z0-9/:_*.-]*$/);
      const key = `${r.method} ${r.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      if (Array.isArray(r.access)) expect(r.access.length).toBeGreaterThan(0);
    }
  });

  it('matches parameters and trailing wildcards; literals beat parameters', () => {
    expect(matchPattern('/users/:id', '/users/7')).toBe(true);
    expect(matchPattern('/users/:id', '/users/7/x')).toBe(false);
    expect(matchPattern('/users/:id', '/users')).toBe(false);
    expect(matchPattern('/docs/*', '/docs')).toBe(true);
    expect(matchPattern('/docs/*', '/docs/a/b')).toBe(true);
    expect(matchPattern('/users', '/users/')).toBe(true);
    const table = [
      { method: 'GET' as const, path: '/users/:id', access: ['ADMIN'] as const },
      { method: 'GET' as const, path: '/users/whoami', access: 'authenticated' as const },
    ];
    expect(findRule('GET', '/users/whoami', table)?.path).toBe('/users/whoami');
    expect(findRule('GET', '/users/3', table)?.path).toBe('/users/:id');
    expect(findRule('HEAD', '/users/3', table)?.path).toBe('/users/:id');
    expect(findRule('POST', '/users/3', table)).toBeUndefined();
  });

  it('the users rows: admin-only list, delete and sign-up; public sign-in', () => {
    expect(accessFor('GET', '/users')).toEqual(['ADMIN']);
    expect(accessFor('DELETE', '/users/12')).toEqual(['ADMIN']);
    expect(accessFor('POST', '/users/signUp')).toEqual(['ADMIN']);
    expect(accessFor('POST', '/users/signIn')).toBe('public');
    expect(accessFor('GET', '/users/whoami')).toBe('authenticated');
    expect(accessFor('GET', '/something/new')).toBe(DEFAULT_ACCESS);
    expect(DEFAULT_ACCESS).toBe('authenticated');
  });

  it('decides for every role and anonymous', () => {
    expect(decide('public', undefined)).toBe('allow');
    expect(decide('authenticated', undefined)).toBe('unauthenticated');
    expect(decide('authenticated', 'USER')).toBe('allow');
    expect(decide(['ADMIN'], undefined)).toBe('unauthenticated');
    expect(decide(['ADMIN'], 'DEVELOPER')).toBe('forbidden');
    expect(decide(['ADMIN', 'DEVELOPER'], 'DEVELOPER')).toBe('allow');
  });
});

describe('extractAccessToken', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as Request;
  it('takes the cookie, then x-access-token, then Authorization: Bearer', () => {
    expect(
      extractAccessToken(
        req({ cookie: 'a=1; accessToken=C', 'x-access-token': 'X', authorization: 'Bearer B' }),
      ),
    ).toBe('C');
    expect(extractAccessToken(req({ 'x-access-token': 'X', authorization: 'Bearer B' }))).toBe('X');
    expect(extractAccessToken(req({ authorization: 'bearer B' }))).toBe('B');
    expect(extractAccessToken(req({ authorization: 'Basic Zm9vOmJhcg==' }))).toBeUndefined();
    expect(extractAccessToken(req({}))).toBeUndefined();
  });
});
