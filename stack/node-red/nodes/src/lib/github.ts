// A small GitHub REST client: follows Link rel="next" pagination up to a page bound and handles the
// rate limit (x-ratelimit-remaining / x-ratelimit-reset): waits when the reset is within the bound,
// else fails with a message saying when it resets and that a token raises the limit.
import { excerpt, httpCall } from './http';

export interface GitHubOptions {
  apiUrl: string;
  token?: string;
  maxPages: number;
  /** Longest wait for a rate-limit reset, in ms (0: never wait). */
  maxWaitMs: number;
  onWait?: (ms: number) => void;
}

export interface Page {
  items: unknown[];
  truncated: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every item of a paginated list; `pick` takes the array out of a page body (runs come wrapped). */
export async function getAll(
  path: string,
  opts: GitHubOptions,
  pick: (body: unknown) => unknown = (b) => b,
): Promise<Page> {
  let url: string | undefined = `${opts.apiUrl.replace(/\/+$/, '')}${path}`;
  const items: unknown[] = [];
  for (let page = 0; url; page++) {
    if (page >= opts.maxPages) return { items, truncated: true };
    const answer = await get(url, opts);
    const list = pick(answer.body);
    if (!Array.isArray(list))
      throw new Error(`GitHub answered ${url} with ${excerpt(answer.body, 100)} instead of a list`);
    items.push(...list);
    url = nextLink(answer.headers.link);
  }
  return { items, truncated: false };
}

async function get(url: string, opts: GitHubOptions, retried = false) {
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'status-node-red',
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const answer = await httpCall({ method: 'GET', url, headers, timeoutMs: 30_000 });
  if (answer.statusCode >= 200 && answer.statusCode < 300) return answer;
  const limited =
    (answer.statusCode === 403 || answer.statusCode === 429) &&
    answer.headers['x-ratelimit-remaining'] === '0';
  if (limited) {
    const resetAt = Number(answer.headers['x-ratelimit-reset']) * 1000;
    const waitMs = Number.isFinite(resetAt) ? Math.max(0, resetAt - Date.now()) + 1000 : Infinity;
    if (!retried && waitMs <= opts.maxWaitMs) {
      opts.onWait?.(waitMs);
      await sleep(waitMs);
      return get(url, opts, true);
    }
    const when = Number.isFinite(resetAt) ? new Date(resetAt).toISOString() : 'an unknown time';
    throw new Error(
      `GitHub rate limit reached (${url}); it resets at ${when}. ${opts.token ? 'Wait for the reset' : 'Add a GitHub token (credentials or msg) for a higher limit'} or raise the node's wait bound.`,
    );
  }
  const hint =
    answer.statusCode === 401
      ? ' (the token is invalid)'
      : answer.statusCode === 404
        ? ' (no such repository, or it is private and needs a token)'
        : '';
  throw new Error(`GitHub answered HTTP ${answer.statusCode} for ${url}${hint}: ${excerpt(answer.body)}`);
}

export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}
