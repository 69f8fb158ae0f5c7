// The order in which a request's access token is looked for.
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { extractAccessToken } from './middleware.js';

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
