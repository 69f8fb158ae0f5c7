// The Governify registry client (spec §5.5): agreements v6 and guarantee states. The registry not
// answering at all is a ServiceUnavailableError (503, http/errors.ts); a bad answer a RegistryError.
import { callUpstream, upstreamMessage, type Upstream } from '../../http/upstream.js';

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface GuaranteeState {
  id: string;
  agreementId: string;
  scope: Record<string, unknown>;
  period: { from: string; to: string };
  value: boolean;
  metrics: Record<string, unknown>;
  evidences?: { computationGroup?: string }[];
  [k: string]: unknown;
}

export class RegistryClient {
  private readonly upstream: Upstream;
  constructor(baseUrl: string, timeoutMs = 120_000, doFetch: typeof fetch = fetch) {
    const base = baseUrl.replace(/\/+$/, '');
    this.upstream = {
      service: 'registry',
      displayName: 'The Governify registry',
      label: 'registry',
      where: base,
      baseUrl: base,
      timeoutMs,
      doFetch,
      failure: (message) => new RegistryError(message),
    };
  }

  /** The agreement, or null when the registry has none with that id. */
  async getAgreement(id: string): Promise<Record<string, unknown> | null> {
    try {
      return await this.call<Record<string, unknown>>('GET', `/api/v6/agreements/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err instanceof RegistryError && err.status === 404) return null;
      throw err;
    }
  }
  putAgreement = (id: string, a: object) =>
    this.call('PUT', `/api/v6/agreements/${encodeURIComponent(id)}`, a);
  postAgreement = (a: object) => this.call('POST', '/api/v6/agreements', a);

  /** Creates or replaces the agreement (PUT only when it changed). */
  async upsertAgreement(id: string, a: object): Promise<'created' | 'updated' | 'unchanged'> {
    const current = await this.getAgreement(id);
    if (!current) {
      await this.postAgreement(a);
      return 'created';
    }
    if (stableJson(current) === stableJson(a)) return 'unchanged';
    await this.putAgreement(id, a);
    return 'updated';
  }

  /** Guarantee states over [from, to); the token is handed back to us when the registry computes. */
  guaranteeStates(
    id: string,
    q: { from: string; to: string },
    accessToken?: string,
  ): Promise<GuaranteeState[]> {
    const p = new URLSearchParams({ from: q.from, to: q.to, newPeriodsFromGuarantees: 'false' });
    return this.call<GuaranteeState[]>(
      'GET',
      `/api/v6/states/${encodeURIComponent(id)}/guarantees?${p}`,
      undefined,
      accessToken ? { 'x-access-token': accessToken } : {},
    );
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<T> {
    const what = `${method} ${path.split('?')[0]}`;
    const a = await callUpstream(this.upstream, { method, path, what, json: body, headers: extra });
    if (!a.ok)
      throw new RegistryError(
        `registry ${what} answered ${a.status}: ${upstreamMessage(a.body) ?? a.statusText}`,
        a.status,
      );
    return a.body as T;
  }
}

/** JSON with sorted keys, for comparing agreements. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : val,
  );
}
