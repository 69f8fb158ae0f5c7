// A small client for the domain route tests: one user per role, requests as that role or anonymous.
import type { TestApp } from './helpers.js';
import { authServices } from '../src/features/auth/index.js';
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
    const t = await authServices(app.deps).tokens.issue({ id: String(ids[role]), username, role });
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
