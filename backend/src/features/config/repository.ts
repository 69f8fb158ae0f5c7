// SQL for the configurations table (the original's feature flags, one row per endpoint) and the
// assistant limit, stored on the row `${API_PREFIX}/assistant` (the original looked up the
// hard-coded '/api/assistant' and never found it: bug B9).
import type pg from 'pg';
import { inTransaction, rollback } from '../../db/transaction.js';
import { isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';

export interface ConfigurationRow {
  id: number;
  endpoint: string;
  available: boolean;
  limit: number;
  created_at: Date;
  updated_at: Date;
}
export const toConfiguration = (r: ConfigurationRow) => ({
  id: r.id,
  endpoint: r.endpoint,
  available: r.available,
  limit: r.limit,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const DEFAULT_ASSISTANT_LIMIT = 5;

/** The rows the original seeds at start-up (spec §3.3 and the addendum's /secrets). */
export function seededEndpoints(prefix: string): string[] {
  return [
    ...[
      'config',
      'users',
      'scripts',
      'controls',
      'grafana',
      'thread',
      'catalogs',
      'assistant',
      'ghAccessToken',
      'getAuth',
      'computations',
      'points',
      'scopes',
      'secrets',
    ].map((e) => `${prefix}/${e}`),
    'docs',
    'api-docs',
  ];
}

/** SQL building exactly `toConfiguration`'s document (same keys, same order, same types). */
const CONFIGURATION_JSON = `json_build_object('id', id, 'endpoint', endpoint, 'available', available,
  'limit', "limit", 'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

const COLUMNS = 'id, endpoint, available, "limit", created_at, updated_at';

export class ConfigurationRepository {
  private seeded: Promise<void> | undefined;
  constructor(
    private readonly db: pg.Pool,
    private readonly prefix: string,
  ) {}

  /** Idempotent: inserts the missing rows once per process. */
  ensureSeeded(): Promise<void> {
    this.seeded ??= (async () => {
      const endpoints = seededEndpoints(this.prefix);
      await this.db.query(
        `INSERT INTO configurations (endpoint, available, "limit")
         SELECT e, true, CASE WHEN e = $2 THEN $3::int ELSE 1 END FROM unnest($1::text[]) AS e
         ON CONFLICT (endpoint) DO NOTHING`,
        [endpoints, this.assistantEndpoint, DEFAULT_ASSISTANT_LIMIT],
      );
    })().catch((err: unknown) => {
      this.seeded = undefined;
      throw err;
    });
    return this.seeded;
  }

  get assistantEndpoint(): string {
    return `${this.prefix}/assistant`;
  }

  /** Every flag row as `toConfiguration` shows it, by id (after `ensureSeeded`). */
  listQuery(): ListQuery {
    return { item: CONFIGURATION_JSON, from: 'FROM configurations', orderBy: 'id' };
  }

  async byEndpoint(endpoint: string) {
    await this.ensureSeeded();
    const r = await this.db.query<ConfigurationRow>(
      `SELECT ${COLUMNS} FROM configurations WHERE endpoint = $1`,
      [endpoint],
    );
    return r.rows[0] ? toConfiguration(r.rows[0]) : null;
  }

  async setAvailable(endpoint: string, available: boolean) {
    await this.ensureSeeded();
    const r = await this.db.query<ConfigurationRow>(
      `UPDATE configurations SET available = $2 WHERE endpoint = $1 RETURNING ${COLUMNS}`,
      [endpoint, available],
    );
    return r.rows[0] ? toConfiguration(r.rows[0]) : null;
  }

  /** The assistant limit (for the assistant feature's create check). */
  async assistantLimit(): Promise<number> {
    const row = await this.byEndpoint(this.assistantEndpoint);
    return row?.limit ?? DEFAULT_ASSISTANT_LIMIT;
  }

  /**
   * Sets the limit unless more assistants exist than it allows. Locks the row so a concurrent
   * assistant creation that re-reads the limit sees a consistent value.
   */
  async setAssistantLimit(limit: number): Promise<'ok' | 'below-count'> {
    await this.ensureSeeded();
    return inTransaction(this.db, async (client) => {
      await client.query('SELECT 1 FROM configurations WHERE endpoint = $1 FOR UPDATE', [
        this.assistantEndpoint,
      ]);
      const c = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM assistants');
      if (c.rows[0]!.n > limit) return rollback('below-count' as const);
      await client.query('UPDATE configurations SET "limit" = $2 WHERE endpoint = $1', [
        this.assistantEndpoint,
        limit,
      ]);
      return 'ok' as const;
    });
  }
}
