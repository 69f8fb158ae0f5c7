// The assistant feature's lists (GET /assistant, /thread, /threads) never truncate: SQL-built items
// equal the mappers' (keys, order, types), every row without ?limit, pages with X-Total-Count and
// Link with it; threads stay private. Also: without AI_API_KEY the routes that need OpenAI answer
// 404 saying so, and the rest serve. No OpenAI here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageHeaders, sqlAndMapper } from '../../../test/domain-kit.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Role } from '../auth/tokens.js';
import { AssistantRepository, ThreadRepository, toAssistant, toThread } from './repository.js';

let app: TestApp;
const ids: Record<string, number> = {};

async function get(path: string, who: string, role: Role = 'USER') {
  const t = await app.deps.tokens.issue({ id: String(ids[who]), username: who, role });
  return app.fetch(`/api/v1${path}`, { headers: { cookie: `accessToken=${t.accessToken}` } });
}

beforeAll(async () => {
  app = await createTestApp();
  for (const [name, role] of [
    ['admin', 'ADMIN'],
    ['alice', 'USER'],
    ['bob', 'USER'],
  ] as const) {
    const r = await app.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`,
      [name, role],
    );
    ids[name] = r.rows[0]!.id;
  }
  await app.db.query(
    `INSERT INTO assistants (assistant_id, name, instructions, tools, model, created_at)
     SELECT 'asst_' || i, 'A' || i, 'be "brief"', '[{"type":"code_interpreter"}]', 'm',
            now() - i * interval '1 second'
       FROM generate_series(1, 520) i`,
  );
  await app.db.query(
    `INSERT INTO threads (user_id, gpt_id, name, run_id, created_at)
     SELECT CASE WHEN i % 5 = 0 THEN $2::int ELSE $1::int END, 'thread_' || i, 'T' || i,
            CASE WHEN i % 2 = 0 THEN 'run_' || i END, now() - (i % 7) * interval '1 minute'
       FROM generate_series(1, 700) i`,
    [ids.alice, ids.bob],
  );
});
afterAll(async () => app?.close());

describe('SQL-built items equal the mappers', () => {
  it('assistants', async () => {
    const r = await sqlAndMapper(app.db, new AssistantRepository(app.db).listQuery(), toAssistant);
    expect(r.count).toBe(520);
    expect(r.sql).toBe(r.mapper);
  });
  it('threads (one user, everyone)', async () => {
    const repo = new ThreadRepository(app.db);
    const mine = await sqlAndMapper(app.db, repo.listQuery({ userId: ids.alice }), toThread);
    expect(mine.count).toBe(560);
    expect(mine.sql).toBe(mine.mapper);
    const all = await sqlAndMapper(app.db, repo.listQuery(), toThread);
    expect(all.count).toBe(700);
    expect(all.sql).toBe(all.mapper);
  });
});

describe('over HTTP', () => {
  it('GET /assistant: every row without limit; a page with headers with it', async () => {
    const all = await get('/assistant', 'alice');
    expect(all.status).toBe(200);
    const items = (await all.json()) as { id: number }[];
    expect(items).toHaveLength(520);
    expect(items.map((a) => a.id)).toEqual([...items.map((a) => a.id)].sort((a, b) => a - b));
    const page = await get('/assistant?limit=100&offset=200', 'alice');
    expect(((await page.json()) as unknown[]).length).toBe(100);
    expect(pageHeaders(page.headers)).toEqual({
      total: 520,
      next: '?limit=100&offset=300',
      prev: '?limit=100&offset=100',
    });
    expect((await get('/assistant?limit=0', 'alice')).status).toBe(400);
  });

  it("GET /thread: the caller's only, newest first; GET /threads: everyone's (ADMIN)", async () => {
    const mine = (await (await get('/thread', 'bob')).json()) as { userId: number; createdAt: string }[];
    expect(mine).toHaveLength(140);
    expect(mine.every((t) => t.userId === ids.bob)).toBe(true);
    const times = mine.map((t) => t.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const page = await get('/thread?limit=50', 'alice');
    expect(pageHeaders(page.headers)).toEqual({ total: 560, next: '?limit=50&offset=50' });
    const all = await get('/threads', 'admin', 'ADMIN');
    expect(((await all.json()) as unknown[]).length).toBe(700);
    expect((await get('/threads', 'alice')).status).toBe(403);
  });
});

describe('without AI_API_KEY', () => {
  it('routes that need OpenAI answer 404 saying so; lists and deletes of rows still work', async () => {
    const r = await app.fetch('/api/v1/assistant', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `accessToken=${(await app.deps.tokens.issue({ id: String(ids.admin), username: 'admin', role: 'ADMIN' })).accessToken}`,
      },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ message: 'The AI assistant is not configured (AI_API_KEY)' });
    const read = await get('/thread/thread_5', 'bob'); // bob's own thread: found, then OpenAI is needed
    expect(read.status).toBe(404);
    expect(((await read.json()) as { message: string }).message).toBe(
      'The AI assistant is not configured (AI_API_KEY)',
    );
    const del = await app.fetch('/api/v1/thread', {
      method: 'DELETE',
      headers: {
        cookie: `accessToken=${(await app.deps.tokens.issue({ id: String(ids.bob), username: 'bob', role: 'USER' })).accessToken}`,
      },
    });
    expect(await del.json()).toEqual({ message: 'Threads deleted successfully', deleted: 140 });
  });
});
