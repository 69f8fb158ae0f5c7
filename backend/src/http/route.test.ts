import { describe, expect, it } from 'vitest';
import { byPrecedence, decide, gateOf } from './route.js';

describe('route declarations', () => {
  it('orders literal segments before parameters before tails, whatever the declaration order', () => {
    const paths = [
      '/users/:id',
      '/docs/*rest',
      '/users/whoami',
      '/users/:id/x',
      '/docs/openapi.json',
      '/users',
    ];
    const sorted = paths
      .map((path) => ({ path }))
      .sort(byPrecedence)
      .map((r) => r.path);
    expect(sorted.indexOf('/users/whoami')).toBeLessThan(sorted.indexOf('/users/:id'));
    expect(sorted.indexOf('/docs/openapi.json')).toBeLessThan(sorted.indexOf('/docs/*rest'));
    expect(sorted).toEqual(
      [...paths]
        .map((path) => ({ path }))
        .sort(byPrecedence)
        .map((r) => r.path),
    );
  });

  it('decides for every role and anonymous', () => {
    expect(decide('public', undefined)).toBe('allow');
    expect(decide('authenticated', undefined)).toBe('unauthenticated');
    expect(decide('authenticated', 'USER')).toBe('allow');
    expect(decide(['ADMIN'], undefined)).toBe('unauthenticated');
    expect(decide(['ADMIN'], 'DEVELOPER')).toBe('forbidden');
    expect(decide(['ADMIN', 'DEVELOPER'], 'DEVELOPER')).toBe('allow');
  });

  it('gates a route by its first segment unless it says otherwise', () => {
    expect(gateOf({ path: '/points/:id' })).toBe('/points');
    expect(gateOf({ path: '/point/:id', gate: '/points' })).toBe('/points');
    expect(gateOf({ path: '/health', gate: false })).toBeUndefined();
  });
});
