// GET /api/v1/health/platform (public, like /health): what the backend knows of every platform
// service, for the starter flow "every platform service is healthy" and for people. Each probe has
// a short timeout, and the answer is cached for two seconds (one in-flight probe round shared by
// concurrent callers), so polling it costs the services almost nothing. Always 200: the backend
// answering is the report; `status` says whether every service is ok.
import type { Infrastructure } from '../../services.js';
import { ServiceUnavailableError } from '../../http/errors.js';
import { GrafanaClient } from '../grafana/client.js';

export const PROBE_TIMEOUT_MS = 1500;
export const CACHE_MS = 2000;

export type ServiceName = 'postgres' | 'redis' | 'nodered' | 'grafana' | 'registry';
export interface ServiceHealth {
  name: ServiceName;
  status: 'ok' | 'down';
  detail?: string;
}
export interface PlatformHealth {
  status: 'ok' | 'degraded';
  services: ServiceHealth[];
}

/** Rejects with "no answer within N ms" when the probe is slower than the timeout. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A plain HTTP probe: any answer below 500 means the service is up (401/403 are auth, not health). */
async function httpProbe(url: string): Promise<string | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'manual' });
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 500) throw new Error(`answered HTTP ${res.status}`);
  return undefined;
}

function reason(err: unknown): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${PROBE_TIMEOUT_MS} ms`;
  if (err instanceof ServiceUnavailableError && err.reason)
    return err.reason.startsWith('no answer') ? err.reason : `cannot reach it (${err.reason})`;
  return e?.cause?.code ? `cannot reach it (${e.cause.code})` : String(e?.message ?? err);
}

async function probe(name: ServiceName, run: () => Promise<string | undefined>): Promise<ServiceHealth> {
  try {
    const detail = await withTimeout(run(), PROBE_TIMEOUT_MS);
    return detail ? { name, status: 'ok', detail } : { name, status: 'ok' };
  } catch (err) {
    return { name, status: 'down', detail: reason(err) };
  }
}

/** What the probes need: the configuration (service URLs) and the two stores. */
export type HealthDeps = Pick<Infrastructure, 'config' | 'db' | 'redis'>;

/** The services the API cannot serve without; the others only take their own routes down. */
export const REQUIRED_SERVICES: readonly ServiceName[] = ['postgres', 'redis'];

export async function checkPlatform(deps: HealthDeps): Promise<PlatformHealth> {
  const { config } = deps;
  const base = (u: string | undefined) => (u ?? '').replace(/\/+$/, '');
  const grafana = new GrafanaClient({ baseUrl: base(config.GRAFANA_URL), timeoutMs: PROBE_TIMEOUT_MS });
  const services = await Promise.all([
    probe('postgres', async () => {
      await deps.db.query('SELECT 1');
      return undefined;
    }),
    probe('redis', async () => {
      // 'wait': not connected yet (lazyConnect); the ping connects.
      if (deps.redis.status !== 'ready' && deps.redis.status !== 'wait')
        throw new Error(`connection ${deps.redis.status}`);
      await deps.redis.ping();
      return undefined;
    }),
    probe('nodered', () => httpProbe(`${base(config.NODE_RED_URL)}/`)),
    probe('grafana', async () => {
      const h = await grafana.health();
      if (h.database !== undefined && h.database !== 'ok') throw new Error(`its database is ${h.database}`);
      return h.version ? `version ${h.version}` : undefined;
    }),
    probe('registry', () => httpProbe(`${base(config.REGISTRY_URL)}/api/info`)),
  ]);
  return { status: services.every((s) => s.status === 'ok') ? 'ok' : 'degraded', services };
}

/** One probe round per CACHE_MS, shared by concurrent callers (GET /health and /health/platform). */
export class PlatformHealthCache {
  private at = 0;
  private last: Promise<PlatformHealth> | undefined;
  constructor(private readonly deps: HealthDeps) {}
  get(): Promise<PlatformHealth> {
    const now = Date.now();
    if (!this.last || now - this.at >= CACHE_MS) {
      this.at = now;
      this.last = checkPlatform(this.deps);
    }
    return this.last;
  }
}
