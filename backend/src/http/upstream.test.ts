// callUpstream: the answer's body parsed (JSON, else the text, empty: undefined); a service that is
// not there is the 503 naming it with the client's error as cause; any other failure the client's.
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from './errors.js';
import { callUpstream, upstreamMessage, type Upstream } from './upstream.js';

class FakeClientError extends Error {}

const upstream = (doFetch: typeof fetch): Upstream => ({
  service: 'thing',
  displayName: 'The thing',
  label: 'thing',
  where: 'http://thing:1',
  baseUrl: 'http://thing:1',
  timeoutMs: 200,
  doFetch,
  failure: (message) => new FakeClientError(message),
});
const answering = (status: number, text: string) => upstream(async () => new Response(text, { status }));
const call = { method: 'GET', path: '/x', what: 'GET /x' };

describe('callUpstream', () => {
  it('parses JSON, keeps text that is not JSON, and leaves an empty body undefined', async () => {
    await expect(callUpstream(answering(200, '{"a":1}'), call)).resolves.toMatchObject({
      ok: true,
      body: { a: 1 },
      isJson: true,
    });
    await expect(callUpstream(answering(500, 'oops'), call)).resolves.toMatchObject({
      ok: false,
      status: 500,
      body: 'oops',
      isJson: false,
    });
    await expect(callUpstream(answering(200, ''), call)).resolves.toMatchObject({ body: undefined });
  });

  it('sends JSON with its content type and the caller headers', async () => {
    let seen: RequestInit | undefined;
    const u = upstream(async (_url, init) => {
      seen = init;
      return new Response('{}');
    });
    await callUpstream(u, { ...call, method: 'POST', json: { b: 2 }, headers: { 'x-k': 'v' } });
    expect(seen?.body).toBe('{"b":2}');
    expect(seen?.headers).toEqual({
      accept: 'application/json',
      'x-k': 'v',
      'content-type': 'application/json',
    });
  });

  it('a refused connection is a 503 naming the service, the client error as its cause', async () => {
    const refused = upstream(async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    const err = await callUpstream(refused, call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({ status: 503, service: 'thing', reason: 'ECONNREFUSED' });
    expect((err as Error).message).toBe(
      'The thing is not reachable (GET /x: ECONNREFUSED): start it from STATUS Desktop or check its logs',
    );
    expect((err as Error).cause).toEqual(
      new FakeClientError('thing GET /x: cannot reach http://thing:1 (ECONNREFUSED)'),
    );
  });

  it('any other failure is the client error', async () => {
    const broken = upstream(async () => {
      throw new TypeError('Invalid URL');
    });
    await expect(callUpstream(broken, call)).rejects.toThrow(FakeClientError);
  });

  it("reads the service's own message only when it is a string", () => {
    expect(upstreamMessage({ message: 'no such dashboard' })).toBe('no such dashboard');
    expect(upstreamMessage({ message: 3 })).toBeUndefined();
    expect(upstreamMessage('text')).toBeUndefined();
  });
});
