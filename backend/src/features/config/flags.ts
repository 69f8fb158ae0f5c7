// Feature flags (the original's `endpointAvailable`, fixed): a configurations row with
// `available: false` switches off every route gated by its endpoint (`/api/v1/points` → the routes
// whose gate is `/points`, http/route.ts). `/config`, `/users`, `/auth`, `/health` and `/docs` can
// never be switched off (the original let an admin lock themselves out of /config). The disabled
// set is cached for 5 s per process and refreshed at once by this process's flag updates.
import type pg from 'pg';

export const NEVER_GATED = new Set(['/config', '/users', '/auth', '/health', '/docs']);
const TTL_MS = 5000;

export class FlagCache {
  private disabled: Set<string> | undefined;
  private loadedAt = 0;
  private loading: Promise<Set<string>> | undefined;
  constructor(
    private readonly db: pg.Pool,
    /** The API prefix the configurations rows are written with (`/api/v1`). */
    private readonly prefix = '/api/v1',
  ) {}

  invalidate(): void {
    this.disabled = undefined;
  }

  async disabledEndpoints(): Promise<Set<string>> {
    if (this.disabled && Date.now() - this.loadedAt < TTL_MS) return this.disabled;
    this.loading ??= this.db
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

  /** Whether the routes gated by `gate` (`/points`) are switched off. Fails open: flags unreadable
   *  (database down) → enabled, and the route itself reports the outage. */
  async isDisabled(gate: string): Promise<boolean> {
    if (NEVER_GATED.has(gate)) return false;
    try {
      const disabled = await this.disabledEndpoints();
      return disabled.size > 0 && disabled.has(`${this.prefix}${gate}`);
    } catch {
      return false;
    }
  }
}
