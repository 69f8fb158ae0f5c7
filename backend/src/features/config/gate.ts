// The original's `endpointAvailable` gate, fixed: a feature whose flag row is `available: false`
// answers `404 {"message":"Endpoint not available"}`. Matching is by the first path segment
// (`<prefix>/points` disables `/points/...`), not by substrings; unknown paths are not blocked (the
// router's 404 answers them); `/config`, `/users`, `/health` and `/docs` can never be disabled (the
// original let an admin lock themselves out of /config). The disabled set is cached for 5 s per
// process and refreshed at once by this process's flag updates.
import type { RequestHandler } from 'express';
import type { AppDeps } from '../../app.js';

const NEVER_GATED = new Set(['config', 'users', 'health', 'docs']);
const TTL_MS = 5000;

export class FlagCache {
  private disabled: Set<string> | undefined;
  private loadedAt = 0;
  private loading: Promise<Set<string>> | undefined;
  constructor(private readonly deps: AppDeps) {}

  invalidate(): void {
    this.disabled = undefined;
  }

  async disabledEndpoints(): Promise<Set<string>> {
    if (this.disabled && Date.now() - this.loadedAt < TTL_MS) return this.disabled;
    this.loading ??= this.deps.db
      .query<{ endpoint: string }>('SELECT endpoint FROM configurations WHERE available = false')
      .then((r) => {
        this.disabled = new Set(r.rows.map((row) => row.endpoint));
        this.loadedAt = Date.now();
        return this.disabled;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}

const caches = new WeakMap<AppDeps, FlagCache>();
export function flagCache(deps: AppDeps): FlagCache {
  let c = caches.get(deps);
  if (!c) caches.set(deps, (c = new FlagCache(deps)));
  return c;
}

/** Mount on the API prefix, after authentication and before the feature routers. */
export function featureGate(deps: AppDeps): RequestHandler {
  const prefix = deps.config.API_PREFIX;
  const cache = flagCache(deps);
  return async (req, res, next) => {
    const first = req.path.split('/').find((s) => s.length > 0);
    if (!first || NEVER_GATED.has(first)) return next();
    let disabled: Set<string>;
    try {
      disabled = await cache.disabledEndpoints();
    } catch {
      return next(); // flags unreadable (database down): fail open, the routes report the outage
    }
    if (disabled.size && disabled.has(`${prefix}/${first}`)) {
      res.status(404).json({ message: 'Endpoint not available' });
      return;
    }
    next();
  };
}
