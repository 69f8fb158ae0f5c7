import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl, startServer, type Answer, type TestServer } from '../test-support/http-server';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import github from './github';

let server: TestServer;
let limited = 0; // requests to /repos/acme/limited before the limit resets
beforeAll(async () => {
  server = await startServer((req, base): Answer => {
    const [path, query = ''] = req.url.split('?');
    const q = new URLSearchParams(query);
    switch (path) {
      case '/repos/acme/app/issues':
        return {
          body: [
            { number: 1, title: 'bug' },
            { number: 2, title: 'a PR', pull_request: {} },
          ],
        };
      case '/repos/acme/app/commits':
        return q.get('page') === '2'
          ? { body: [{ sha: 'c' }] }
          : {
              headers: { link: `<${base}/repos/acme/app/commits?page=2>; rel="next"` },
              body: [{ sha: 'a' }, { sha: 'b' }],
            };
      case '/repos/acme/app/actions/runs':
        return { body: { total_count: 1, workflow_runs: [{ id: 9, conclusion: 'success' }] } };
      case '/repos/acme/app/pulls/4/reviews':
        return { body: [{ state: 'APPROVED' }] };
      case '/repos/acme/app/pulls/5/reviews':
        return { body: [] };
      case '/repos/acme/limited/pulls':
        if (limited-- > 0)
          return {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)),
            },
            body: { message: 'API rate limit exceeded' },
          };
        return { body: [{ number: 1 }] };
      case '/repos/acme/far/pulls':
        return {
          status: 403,
          headers: {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          },
          body: { message: 'API rate limit exceeded' },
        };
      default:
        return { status: 404, body: { message: 'Not Found' } };
    }
  });
});
afterAll(() => server.close());
afterEach(() => helper.unload());

const node = (over: Record<string, unknown>) => ({
  type: 'status-github',
  repository: 'acme/app',
  repositoryType: 'str',
  apiUrl: server.url,
  apiUrlType: 'str',
  maxWaitSeconds: '0',
  ...over,
});

describe('status-github', () => {
  it('issues: every page, without the pull requests GitHub lists among them; the credentials token is sent', async () => {
    const run = await runNode(
      github,
      node({ resource: 'issues', state: 'open' }),
      {},
      { credentials: { token: 'cred-token' } },
    );
    expect(run.outputs[0]?.payload).toEqual([{ number: 1, title: 'bug' }]);
    const req = server.requests.at(-1)!;
    expect(req.url).toContain('state=open');
    expect(req.headers.authorization).toBe('Bearer cred-token');
    expect(run.statuses[0]).toMatchObject({ fill: 'blue', text: 'requesting…' });
    expect(lastStatus(run)).toMatchObject({ fill: 'green', shape: 'dot' });
  });

  it('commits: follows the Link header, filters by the run period, takes the token from the msg', async () => {
    const run = await runNode(
      github,
      node({ resource: 'commits', usePeriod: true, tokenProperty: 'payload.token' }),
      {
        payload: { token: 'msg-token', from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' },
      },
    );
    expect(run.outputs[0]?.payload).toEqual([{ sha: 'a' }, { sha: 'b' }, { sha: 'c' }]);
    const first = server.requests.find((r) => r.url.includes('/commits?'))!;
    expect(first.url).toContain('since=2024-05-01T00%3A00%3A00.000Z');
    expect(first.url).toContain('until=2024-05-02T00%3A00%3A00.000Z');
    expect(first.headers.authorization).toBe('Bearer msg-token');
  });

  it('stops at max pages with a warning', async () => {
    const run = await runNode(github, node({ resource: 'commits', maxPages: '1' }), {});
    expect(run.outputs[0]?.payload).toEqual([{ sha: 'a' }, { sha: 'b' }]);
    expect(run.warnings[0]).toMatch(/Stopped after 1 pages of commits/);
  });

  it('workflow runs come out of their wrapper; reviews are attached to each pull request', async () => {
    const runs = await runNode(github, node({ resource: 'runs' }), {});
    expect(runs.outputs[0]?.payload).toEqual([{ id: 9, conclusion: 'success' }]);
    await helper.unload();
    const reviews = await runNode(
      github,
      node({ resource: 'reviews', pullsProperty: 'prs', output: 'prs' }),
      { prs: [{ number: 4, title: 't' }, 5] },
    );
    expect(reviews.outputs[0]?.prs).toEqual([
      { number: 4, title: 't', reviews: [{ state: 'APPROVED' }] },
      { number: 5, reviews: [] },
    ]);
  });

  it('waits for a rate-limit reset within the bound, else fails saying when it resets', async () => {
    limited = 1;
    const waited = await runNode(
      github,
      node({ repository: 'acme/limited', resource: 'pulls', maxWaitSeconds: '5' }),
      {},
      { timeoutMs: 8000 },
    );
    expect(waited.outputs[0]?.payload).toEqual([{ number: 1 }]);
    expect(waited.statuses.some((s) => /rate limited: waiting/.test(s.text ?? ''))).toBe(true);
    await helper.unload();
    const far = await runNode(
      github,
      node({ repository: 'acme/far', resource: 'pulls', maxWaitSeconds: '5' }),
      {},
    );
    expect(far.errors[0]).toMatch(/GitHub rate limit reached .* it resets at \d{4}-.*Add a GitHub token/);
    expect(lastStatus(far)).toMatchObject({ fill: 'red' });
  });

  it('a bad repository name, an unknown repository and an unreachable API are clear node errors', async () => {
    const bad = await runNode(github, node({ repository: 'not a repo' }), {});
    expect(bad.errors[0]).toBe('"not a repo" is not a repository name like owner/name');
    await helper.unload();
    const missing = await runNode(github, node({ repository: 'acme/nope', resource: 'pulls' }), {});
    expect(missing.errors[0]).toMatch(/GitHub answered HTTP 404 .*no such repository, or it is private/);
    await helper.unload();
    const dead = await runNode(github, node({ apiUrl: await deadUrl(), resource: 'pulls' }), {});
    expect(dead.errors[0]).toMatch(/ECONNREFUSED/);
    await helper.unload();
    const noNumber = await runNode(github, node({ resource: 'reviews' }), { payload: [{ title: 'x' }] });
    expect(noNumber.errors[0]).toMatch(/msg.payload\[0\] has no pull request number/);
  });
});
