// status-github: collects issues, pull requests, reviews (of the pull requests in a msg property),
// commits or workflow runs of a repository, every page, rate-limit aware. The token comes from the
// node's credentials or a msg property; the API URL is configurable (GitHub Enterprise, tests).
import { defineNode } from '../lib/define';
import { getAll, type GitHubOptions } from '../lib/github';
import { describe, getProp, needArray, oneOf, positive, setProp, text } from '../lib/props';
import type { NodeDef, NodeMessage } from '../types';

export interface GitHubConfig extends NodeDef {
  resource?: string;
  repository?: string;
  repositoryType?: string;
  apiUrl?: string;
  apiUrlType?: string;
  /** msg property with a token (used when set; else the credentials' token). */
  tokenProperty?: string;
  state?: string;
  /** For issues/commits/runs: only those of the period msg.payload.from..to (server-side filter). */
  usePeriod?: boolean;
  /** For reviews: the msg property with the pull requests (objects with `number`, or numbers). */
  pullsProperty?: string;
  maxPages?: string;
  maxWaitSeconds?: string;
  output?: string;
}

const RESOURCES = ['issues', 'pulls', 'reviews', 'commits', 'runs'] as const;

export default defineNode<GitHubConfig>({
  type: 'status-github',
  busyText: 'requesting…',
  credentials: { token: { type: 'password' } },
  setup({ RED, node, config, typed }) {
    const resource = oneOf(config, 'resource', RESOURCES, 'pulls');
    const state = oneOf(config, 'state', ['open', 'closed', 'all'] as const, 'all');
    const maxPages = positive(config, 'maxPages', 10);
    const maxWaitMs = (config.maxWaitSeconds === '0' ? 0 : positive(config, 'maxWaitSeconds', 60)) * 1000;
    const output = text(config, 'output', 'payload');
    const pullsProperty = text(config, 'pullsProperty', 'payload');
    const tokenProperty = text(config, 'tokenProperty');

    return async (msg) => {
      const repository = String(typed(config.repository, config.repositoryType, msg) ?? '').trim();
      if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
        throw new Error(
          repository
            ? `"${repository}" is not a repository name like owner/name`
            : 'No repository: set owner/name in the node or the msg',
        );
      const apiUrl =
        String(typed(config.apiUrl, config.apiUrlType, msg) ?? '').trim() || 'https://api.github.com';
      if (!/^https?:\/\//.test(apiUrl))
        throw new Error(`The GitHub API URL "${apiUrl}" is not an http(s) URL`);
      const msgToken = tokenProperty ? getProp(RED, msg, tokenProperty) : undefined;
      const token = (typeof msgToken === 'string' && msgToken) || node.credentials?.token || undefined;
      const opts: GitHubOptions = {
        apiUrl,
        token,
        maxPages,
        maxWaitMs,
        onWait: (ms) =>
          node.status({
            fill: 'yellow',
            shape: 'ring',
            text: `rate limited: waiting ${Math.ceil(ms / 1000)} s`,
          }),
      };
      const repo = `/repos/${repository}`;
      const period = config.usePeriod ? periodOf(msg) : undefined;
      let result: unknown[];
      let truncated = false;
      if (resource === 'reviews') {
        const pulls = needArray(RED, msg, pullsProperty);
        const numbers = pulls.map((pr, i) => {
          const number = typeof pr === 'number' ? pr : (pr as { number?: unknown } | null)?.number;
          if (typeof number !== 'number')
            throw new Error(`msg.${pullsProperty}[${i}] has no pull request number (it is ${describe(pr)})`);
          return number;
        });
        // A few at a time: a week of merged pull requests stays well within the backend's run timeout.
        const pages = await mapLimit(numbers, 6, (n) =>
          getAll(`${repo}/pulls/${n}/reviews?per_page=100`, opts),
        );
        truncated = pages.some((p) => p.truncated);
        result = pulls.map((pr, i) =>
          typeof pr === 'object'
            ? { ...pr, reviews: pages[i]!.items }
            : { number: numbers[i], reviews: pages[i]!.items },
        );
      } else {
        const q = new URLSearchParams({ per_page: '100' });
        if (resource === 'issues' || resource === 'pulls') q.set('state', state);
        // Most recently updated first: recently merged pull requests come within the page bound.
        if (resource === 'pulls') {
          q.set('sort', 'updated');
          q.set('direction', 'desc');
        }
        if (period && (resource === 'issues' || resource === 'commits')) q.set('since', period.from);
        if (period && resource === 'commits') q.set('until', period.to);
        if (period && resource === 'runs') q.set('created', `${period.from}..${period.to}`);
        const path = { issues: 'issues', pulls: 'pulls', commits: 'commits', runs: 'actions/runs' }[resource];
        const page = await getAll(`${repo}/${path}?${q}`, opts, (b) =>
          resource === 'runs' ? (b as { workflow_runs?: unknown } | null)?.workflow_runs : b,
        );
        truncated = page.truncated;
        // GitHub lists pull requests among issues; the issues resource keeps the real issues only.
        result =
          resource === 'issues'
            ? page.items.filter((i) => !(i as { pull_request?: unknown }).pull_request)
            : page.items;
      }
      if (truncated)
        node.warn(
          `Stopped after ${maxPages} pages of ${resource} of ${repository}: raise "max pages" for more`,
        );
      setProp(RED, msg, output, result);
      return msg;
    };
  },
});

function periodOf(msg: NodeMessage): { from: string; to: string } {
  const p = (msg.payload ?? {}) as { from?: unknown; to?: unknown };
  const iso = (v: unknown, name: string) => {
    const t = typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;
    if (!t || Number.isNaN(t.getTime()))
      throw new Error(`msg.payload.${name} is not a date: the period filter needs the run's from/to`);
    return t.toISOString();
  };
  return { from: iso(p.from, 'from'), to: iso(p.to, 'to') };
}

/** `fn` over `items`, at most `limit` at once, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
