// The token status-backend talks to Grafana with: a service account (role Admin, because the
// backend creates folders, dashboards and panels) and one of its tokens, made through Grafana's
// HTTP API with the admin account. The backend never gets the admin password.
//
// A stored token is kept while Grafana accepts it. When Grafana answers 401 (its data was reset,
// or someone deleted the token) a new one is made; older tokens this launcher made for the account
// are then deleted, so they do not pile up.
import { z } from 'zod';
import { StatusError, cancelledError } from '../errors.js';

export const GRAFANA_SERVICE_ACCOUNT = 'status-backend';
/**
 * Grafana's break-glass server admin (GF_SECURITY_ADMIN_USER in stack/compose.yaml), a login of its
 * own: STATUS users, the STATUS admin too, reach Grafana through the auth proxy under their STATUS
 * names, so sharing the STATUS admin's name would make that user Grafana's server admin for good.
 * Its password is the generated STATUS_GRAFANA_ADMIN_PASSWORD.
 */
export const GRAFANA_ADMIN_USER = 'grafana-admin';
/** Names of the tokens made here: `<prefix><ISO time>` (token names must be unique per account). */
export const GRAFANA_TOKEN_PREFIX = 'status-desktop-';

/**
 * Where Grafana's API lives under its root URL (serve_from_sub_path: /grafana in the stack), from
 * its GF_SERVER_ROOT_URL; '' when it serves from the root.
 */
export function grafanaSubPath(rootUrl: string | undefined): string {
  if (!rootUrl) return '';
  try {
    return new URL(rootUrl).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export interface GrafanaTokenOptions {
  /** Grafana's root including its sub-path, e.g. http://127.0.0.1:3100/grafana */
  baseUrl: string;
  adminUser: string;
  adminPassword: string;
  /** The token stored with the secrets, if any. */
  storedToken?: string;
  accountName?: string;
  signal?: AbortSignal;
  /** How long to keep trying while Grafana does not answer at all (default 30 s). */
  unreachableForMs?: number;
  requestTimeoutMs?: number;
}

export interface GrafanaTokenResult {
  token: string;
  /** kept: the stored token still works; created: a new one was made (first start or renewal). */
  action: 'kept' | 'created';
  serviceAccountId?: number;
  /** Old tokens of this launcher that were deleted after a renewal. */
  removedTokens: number;
  /** Things worth telling the operator that did not stop the start (a failed clean-up). */
  warnings: string[];
}

const serviceAccount = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  role: z.string().optional(),
  isDisabled: z.boolean().optional(),
});
const searchAnswer = z.looseObject({ serviceAccounts: z.array(serviceAccount) });
const tokenAnswer = z.looseObject({ id: z.number().int(), name: z.string(), key: z.string().min(1) });
const tokenList = z.array(z.looseObject({ id: z.number().int(), name: z.string() }));

type Auth = { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

const SETUP = "setting up the backend's Grafana service account";

class GrafanaApi {
  private readonly base: string;

  constructor(private readonly opts: GrafanaTokenOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  /** One request; retries while nothing answers (connection refused, 502/503 from a proxy) up to the deadline. */
  async request(method: string, path: string, auth: Auth, body?: unknown): Promise<Answer> {
    const deadline = Date.now() + (this.opts.unreachableForMs ?? 30_000);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization:
        auth.kind === 'basic'
          ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`
          : `Bearer ${auth.token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    for (;;) {
      if (this.opts.signal?.aborted) throw cancelledError('Starting STATUS');
      const timeout = AbortSignal.timeout(this.opts.requestTimeoutMs ?? 10_000);
      const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, timeout]) : timeout;
      let failure: string;
      try {
        const res = await fetch(`${this.base}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        const text = await res.text();
        if (res.status !== 502 && res.status !== 503 && res.status !== 504) {
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          return { status: res.status, body: parsed, text };
        }
        failure = `HTTP ${res.status}`;
      } catch (error) {
        if (this.opts.signal?.aborted) throw cancelledError('Starting STATUS');
        failure = describeCause(error);
      }
      if (Date.now() >= deadline) throw this.unreachable(failure);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  unreachable(cause: string): StatusError {
    return new StatusError(
      'SERVICE_UNHEALTHY',
      `STATUS Desktop could not reach Grafana at ${this.base} while ${SETUP} (${cause}).`,
      'Check in the console that the grafana service is running and healthy and that its host port ' +
        '(STATUS_GRAFANA_PORT) is not used by another program, then start again.',
      { service: 'grafana', url: this.base, cause },
    );
  }
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError') return 'no answer in time';
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

function grafanaMessage(answer: Answer): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message) return message;
  return answer.text.slice(0, 200) || '(no body)';
}

function refused(answer: Answer, what: string, opts: GrafanaTokenOptions): StatusError {
  const details = { service: 'grafana', status: answer.status, grafana: grafanaMessage(answer) };
  if (answer.status === 401) {
    return new StatusError(
      'SERVICE_UNHEALTHY',
      `Grafana refused its admin account "${opts.adminUser}" (401: ${details.grafana}) while ${SETUP}.`,
      "Grafana's admin password no longer matches the one STATUS Desktop generated (it was changed in " +
        'Grafana). Set it back, then start again: docker exec <the grafana container> sh -c ' +
        '\'grafana cli admin reset-admin-password "$GF_SECURITY_ADMIN_PASSWORD"\'.',
      details,
    );
  }
  if (answer.status === 403) {
    return new StatusError(
      'SERVICE_UNHEALTHY',
      `Grafana did not let its admin account "${opts.adminUser}" ${what} (403: ${details.grafana}).`,
      `Give "${opts.adminUser}" the Admin role of the main organisation again in Grafana ` +
        '(Administration → Users), then start again.',
      details,
    );
  }
  return new StatusError(
    'SERVICE_UNHEALTHY',
    `Grafana answered ${answer.status} (${details.grafana}) when asked to ${what}, while ${SETUP}.`,
    "Look at the grafana service's logs in the console for the reason (often its database), then start again.",
    details,
  );
}

function parse<T>(schema: z.ZodType<T>, answer: Answer, what: string, base: string): T {
  const result = schema.safeParse(answer.body);
  if (result.success) return result.data;
  throw new StatusError(
    'SERVICE_UNHEALTHY',
    `Grafana's answer when asked to ${what} is not what STATUS Desktop expects (${answer.text.slice(0, 120) || 'empty'}).`,
    `Check that ${base} is Grafana 9 or newer (service accounts) and that STATUS_GRAFANA_IMAGE, if set, ` +
      'names a Grafana image; then start again.',
    { service: 'grafana', status: answer.status },
  );
}

/** Ensures a working token for the backend: keeps the stored one, or makes a new one. */
export async function ensureGrafanaToken(opts: GrafanaTokenOptions): Promise<GrafanaTokenResult> {
  const api = new GrafanaApi(opts);
  const base = opts.baseUrl;
  const name = opts.accountName ?? GRAFANA_SERVICE_ACCOUNT;
  const admin: Auth = { kind: 'basic', user: opts.adminUser, password: opts.adminPassword };

  if (opts.storedToken) {
    // Any authenticated read tells a live token from a dead one.
    const check = await api.request('GET', '/api/org', { kind: 'bearer', token: opts.storedToken });
    if (check.status === 200)
      return { token: opts.storedToken, action: 'kept', removedTokens: 0, warnings: [] };
    if (check.status !== 401 && check.status !== 403) throw refused(check, 'check the stored token', opts);
    // 401/403: revoked, expired, or Grafana's data was reset: make a new one below.
  }

  const what = `find the service account "${name}"`;
  const search = await api.request(
    'GET',
    `/api/serviceaccounts/search?perpage=100&page=1&query=${encodeURIComponent(name)}`,
    admin,
  );
  if (search.status !== 200) throw refused(search, what, opts);
  let account = parse(searchAnswer, search, what, base).serviceAccounts.find((a) => a.name === name);

  if (!account) {
    const create = `create the service account "${name}"`;
    const made = await api.request('POST', '/api/serviceaccounts', admin, {
      name,
      role: 'Admin',
      isDisabled: false,
    });
    if (made.status !== 200 && made.status !== 201) throw refused(made, create, opts);
    account = parse(serviceAccount, made, create, base);
  } else if (account.isDisabled) {
    throw new StatusError(
      'SERVICE_UNHEALTHY',
      `The Grafana service account "${name}" that STATUS uses is disabled.`,
      `Enable it in Grafana (Administration → Service accounts → ${name}), then start again.`,
      { service: 'grafana', account: name },
    );
  }

  const tokenName = `${GRAFANA_TOKEN_PREFIX}${new Date().toISOString()}`;
  const makeToken = `create a token for the service account "${name}"`;
  const made = await api.request('POST', `/api/serviceaccounts/${account.id}/tokens`, admin, {
    name: tokenName,
    secondsToLive: 0,
  });
  if (made.status !== 200 && made.status !== 201) throw refused(made, makeToken, opts);
  const token = parse(tokenAnswer, made, makeToken, base);

  // Clean-up of this launcher's older tokens; a failure here costs nothing but a leftover token.
  const warnings: string[] = [];
  let removedTokens = 0;
  try {
    const list = await api.request('GET', `/api/serviceaccounts/${account.id}/tokens`, admin);
    const old = list.status === 200 ? tokenList.safeParse(list.body) : undefined;
    for (const t of old?.success ? old.data : []) {
      if (t.id === token.id || !t.name.startsWith(GRAFANA_TOKEN_PREFIX)) continue;
      const gone = await api.request('DELETE', `/api/serviceaccounts/${account.id}/tokens/${t.id}`, admin);
      if (gone.status === 200 || gone.status === 404) removedTokens += 1;
    }
  } catch (error) {
    warnings.push(
      `Old Grafana tokens of the service account "${name}" were not deleted (${describeCause(error)}); ` +
        'you can delete them in Grafana (Administration → Service accounts).',
    );
  }
  return { token: token.key, action: 'created', serviceAccountId: account.id, removedTokens, warnings };
}
