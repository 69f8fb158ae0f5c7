// A small client for the domain route tests: one user per role, requests as that role or anonymous.
import type pg from 'pg';
import { jsonList, readList, type ListQuery } from '../src/http/lists.js';
import type { TestApp } from './helpers.js';
import type { Role } from '../src/features/auth/tokens.js';

export type Caller = Role | 'anonymous';
export const P = '/api/v1';

export interface Kit {
  ids: Record<Role, number>;
  /** JSON request; `body` undefined sends none. Returns status, parsed JSON (or text) and headers. */
  call: (
    as: Caller,
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; body: any; text: string; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function domainKit(app: TestApp, suffix = ''): Promise<Kit> {
  const ids = {} as Record<Role, number>;
  const cookies = {} as Record<Role, string>;
  for (const role of ['ADMIN', 'DEVELOPER', 'USER'] as const) {
    const username = `${role.toLowerCase()}${suffix}`;
    const r = await app.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`,
      [username, role],
    );
    ids[role] = r.rows[0]!.id;
    const t = await app.deps.tokens.issue({ id: String(ids[role]), username, role });
    cookies[role] = `accessToken=${t.accessToken}`;
  }
  return {
    ids,
    call: async (as, method, path, body) => {
      const headers: Record<string, string> = {};
      if (as !== 'anonymous') headers.cookie = cookies[as];
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.fetch(P + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
  };
}

/** The field paths named by a 400 answer. */
export const fields = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

/**
 * A list's items as PostgreSQL builds them (http/lists.ts) and as the repository's mapper builds
 * them from the same rows (`SELECT *` of the list's FROM, in its order): a test expects them equal,
 * as JSON text, so keys, their order and the value types all match.
 */
export async function sqlAndMapper<R>(
  db: pg.Pool,
  q: ListQuery,
  map: (row: R) => unknown,
): Promise<{ sql: string; mapper: string; count: number }> {
  const items = await readList(jsonList(db, q, { offset: 0 }));
  const rows = await db.query(`SELECT * ${q.from} ORDER BY ${q.orderBy}`, q.params ?? []);
  return {
    sql: JSON.stringify(items),
    mapper: JSON.stringify(rows.rows.map((r) => map(r as R))),
    count: items.length,
  };
}

/** The paging headers of a `?limit=` answer. */
export function pageHeaders(headers: Headers): { total: number; next?: string; prev?: string } {
  const link = headers.get('link') ?? '';
  const rel = (name: string) => new RegExp(`<([^>]*)>; rel="${name}"`).exec(link)?.[1];
  const out: { total: number; next?: string; prev?: string } = {
    total: Number(headers.get('x-total-count')),
  };
  const next = rel('next');
  const prev = rel('prev');
  if (next !== undefined) out.next = next;
  if (prev !== undefined) out.prev = prev;
  return out;
}
