import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl, startServer, type TestServer } from '../test-support/http-server';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import httpRequest from './http-request';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req) => {
    if (req.url === '/ok') return { body: { hello: 'world' } };
    if (req.url === '/echo')
      return {
        body: {
          method: req.method,
          body: req.body,
          auth: req.headers.authorization ?? null,
          x: req.headers['x-test'] ?? null,
        },
      };
    if (req.url === '/slow') return { body: 'late', delayMs: 300 };
    return { status: 404, body: { message: 'no such thing' } };
  });
});
afterAll(() => server.close());
afterEach(() => helper.unload());

const node = (over: Record<string, unknown>) => ({
  type: 'status-http-request',
  method: 'GET',
  urlType: 'str',
  ...over,
});

describe('status-http-request', () => {
  it('GETs JSON into msg.payload with statusCode and durationMs, showing requesting… then done', async () => {
    const run = await runNode(httpRequest, node({ url: `${server.url}/ok` }), { payload: 'x' });
    const out = run.outputs[0]!;
    expect(out.payload).toEqual({ hello: 'world' });
    expect(out.statusCode).toBe(200);
    expect(typeof out.durationMs).toBe('number');
    expect(run.statuses[0]).toMatchObject({ fill: 'blue', shape: 'ring', text: 'requesting…' });
    expect(lastStatus(run)).toMatchObject({ fill: 'green', shape: 'dot', text: 'done' });
  });

  it('sends a body, headers and basic auth from the credentials; the URL may come from the msg', async () => {
    const run = await runNode(
      httpRequest,
      node({
        method: 'POST',
        url: 'target',
        urlType: 'msg',
        headers: '{"x-test":"1"}',
        authType: 'basic',
        bodyProperty: 'payload',
        output: 'answer',
      }),
      { payload: { a: 1 }, target: `${server.url}/echo` },
      { credentials: { user: 'ann', password: 'pw' } },
    );
    expect(run.outputs[0]?.answer).toEqual({
      method: 'POST',
      body: { a: 1 },
      auth: `Basic ${Buffer.from('ann:pw').toString('base64')}`,
      x: '1',
    });
    expect(run.outputs[0]?.payload).toEqual({ a: 1 });
  });

  it('sends a bearer token from the credentials', async () => {
    const run = await runNode(
      httpRequest,
      node({ url: `${server.url}/echo`, authType: 'bearer' }),
      {},
      { credentials: { token: 't0k' } },
    );
    expect((run.outputs[0]?.payload as { auth: string }).auth).toBe('Bearer t0k');
  });

  it('a non-2xx answer is a node error with the status and body', async () => {
    const run = await runNode(httpRequest, node({ url: `${server.url}/missing` }), {});
    expect(run.errors[0]).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/missing answered HTTP 404: \{"message":"no such thing"\}/,
    );
    expect(run.outputs[0]).toBeUndefined();
    expect(lastStatus(run)).toMatchObject({ fill: 'red', shape: 'ring' });
  });

  it('passes errors on when configured: msg.statusCode and msg.error', async () => {
    const run = await runNode(httpRequest, node({ url: `${server.url}/missing`, onError: 'pass' }), {});
    expect(run.errors).toEqual([]);
    expect(run.outputs[0]).toMatchObject({ statusCode: 404, error: expect.stringMatching(/HTTP 404/) });
  });

  it('an unreachable URL is a node error naming the cause, or statusCode 0 when passing errors on', async () => {
    const url = await deadUrl();
    const run = await runNode(httpRequest, node({ url }), {});
    expect(run.errors[0]).toMatch(/failed: ECONNREFUSED/);
    await helper.unload();
    const pass = await runNode(httpRequest, node({ url, onError: 'pass' }), {});
    expect(pass.outputs[0]).toMatchObject({ statusCode: 0, error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('times out', async () => {
    const run = await runNode(httpRequest, node({ url: `${server.url}/slow`, timeoutMs: '50' }), {});
    expect(run.errors[0]).toMatch(/no answer before the timeout/);
  });

  it('rejects a missing or non-http URL and a bearer setup without a token', async () => {
    const run = await runNode(httpRequest, node({ url: '' }), {});
    expect(run.errors[0]).toBe('No URL: set one in the node or in msg.url');
    await helper.unload();
    const ftp = await runNode(httpRequest, node({ url: 'ftp://x' }), {});
    expect(ftp.errors[0]).toMatch(/is not an http\(s\) URL/);
    await helper.unload();
    const bearer = await runNode(httpRequest, node({ url: `${server.url}/ok`, authType: 'bearer' }), {});
    expect(bearer.errors[0]).toMatch(/misconfigured: bearer authentication needs a token/);
  });
});
