// /api/v1/assistant, /thread, /threads through the `openai` SDK against test/fakes/openai.ts, on the
// real app with real PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fakes/openai.js';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Role } from '../auth/tokens.js';

const P = '/api/v1';
let oa: FakeOpenAI;
let app: TestApp;
const cookies: Record<string, string> = {};
const LONG = 'Please write a Node-RED flow that checks the README of a repository';

async function call(method: string, path: string, who?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.cookie = cookies[who]!;
  const res = await app.fetch(P + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

beforeAll(async () => {
  oa = await startFakeOpenAI();
  app = await createTestApp({
    env: { AI_API_KEY: oa.apiKey, AI_BASE_URL: oa.baseURL, AI_MODEL: 'test-model' },
  });
  for (const [name, role] of [
    ['admin', 'ADMIN'],
    ['dev', 'DEVELOPER'],
    ['alice', 'USER'],
    ['bob', 'USER'],
  ] as [string, Role][]) {
    const r = await app.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`,
      [name, role],
    );
    const t = await app.deps.tokens.issue({ id: String(r.rows[0]!.id), username: name, role });
    cookies[name] = `accessToken=${t.accessToken}`;
  }
});
afterAll(async () => {
  await app?.close();
  await oa?.close();
});

describe('assistants', () => {
  let asstDb: number;
  let asstId: string;
  it('a developer creates one with the configured model and default instructions', async () => {
    const r = await call('POST', '/assistant', 'dev', { name: 'Helper' });
    expect(r.status).toBe(201);
    asstId = r.body.assistantId;
    expect(r.body.message).toBe(`Assistant Helper with id ${asstId} created successfully`);
    expect(oa.assistants.get(asstId)).toMatchObject({
      model: 'test-model',
      tools: [{ type: 'code_interpreter' }],
    });
    const list = await call('GET', '/assistant', 'alice');
    expect(list.body).toHaveLength(1);
    asstDb = list.body[0].id;
    expect(list.body[0]).toMatchObject({
      assistantId: asstId,
      tools: [{ type: 'code_interpreter' }],
      status: 'INACTIVE',
    });
    expect((await call('GET', `/assistant/${asstDb}/instructions`, 'alice')).body.instructions).toMatch(
      /Node-RED/,
    );
    expect((await call('GET', '/assistant/999999', 'alice')).status).toBe(404);
  });

  it('updates instructions at OpenAI and in the database', async () => {
    const r = await call('PUT', `/assistant/${asstDb}/instructions`, 'dev', { instructions: 'Be brief.' });
    expect(r).toMatchObject({
      status: 200,
      body: { message: 'Assistant instructions updated successfully' },
    });
    expect(oa.assistants.get(asstId)!.instructions).toBe('Be brief.');
    expect((await call('GET', `/assistant/${asstDb}`, 'alice')).body.instructions).toBe('Be brief.');
  });

  it('enforces the configured limit', async () => {
    await call('PUT', '/config/assistant/limit/2', 'admin'); // the config feature's route
    await app.db.query(`UPDATE configurations SET "limit" = 2 WHERE endpoint = '/api/v1/assistant'`);
    expect(
      (await call('POST', '/assistant/admin', 'admin', { name: 'Two', instructions: 'x', model: 'm2' }))
        .status,
    ).toBe(201);
    const third = await call('POST', '/assistant', 'dev', { name: 'Three' });
    expect(third.status).toBe(403);
    expect(third.body.message).toMatch(/limit reached \(2\)/);
  });

  it('OpenAI errors → 502 with its message, never the key', async () => {
    oa.failNext(400, 'the model is overloaded'); // 5xx would be retried once by the SDK
    const r = await call('PUT', `/assistant/${asstDb}/instructions`, 'dev', { instructions: 'x' });
    expect(r.status).toBe(502);
    expect(r.body.message).toContain('the model is overloaded');
    expect(r.text).not.toContain(oa.apiKey);
  });

  it('roles and validation', async () => {
    expect((await call('POST', '/assistant', 'alice', { name: 'x' })).status).toBe(403);
    expect((await call('POST', '/assistant/admin', 'dev', { name: 'x', instructions: 'y' })).status).toBe(
      403,
    );
    expect((await call('DELETE', '/assistant', 'dev')).status).toBe(403);
    expect((await call('GET', '/assistant')).status).toBe(401);
    expect((await call('POST', '/assistant', 'dev', { name: '' })).status).toBe(400);
    expect(
      (
        await call('POST', '/assistant/admin', 'admin', {
          name: 'x',
          instructions: 'y',
          tools: [{ type: 'evil' }],
        })
      ).status,
    ).toBe(400);
  });

  describe('threads', () => {
    let gptId: string;
    it('a user starts a thread, polls until the run completes, adds a message', async () => {
      const short = await call('POST', '/thread', 'alice', { assistantId: asstId, content: 'too short' });
      expect(short.status).toBe(400);
      const r = await call('POST', '/thread', 'alice', { assistantId: asstId, content: LONG });
      expect(r.status).toBe(201);
      gptId = r.body.id;
      expect(gptId).toMatch(/^thread_/);
      const pending = await call('GET', `/thread/${gptId}`, 'alice');
      expect(pending.body).toMatchObject({ message: 'Run not completed yet', status: 'queued' });
      oa.completeRuns();
      const done = await call('GET', `/thread/${gptId}`, 'alice');
      expect(done.status).toBe(200);
      expect(done.body.data[0].role).toBe('assistant');
      const add = await call('POST', `/thread/${gptId}`, 'alice', { assistantId: asstId, content: LONG });
      expect(add.status).toBe(201);
      const row = (await app.db.query('SELECT run_id FROM threads WHERE gpt_id = $1', [gptId])).rows[0];
      expect(row.run_id).toBe(add.body.runId); // run_id follows the latest run (the original kept the first)
      const msgs = await app.db.query(
        'SELECT count(*)::int AS n FROM messages m JOIN threads t ON t.id = m.thread_id WHERE t.gpt_id = $1',
        [gptId],
      );
      expect(msgs.rows[0].n).toBe(2);
    });

    it('threads are private: another user gets 404; the admin lists all', async () => {
      expect((await call('GET', `/thread/${gptId}`, 'bob')).status).toBe(404);
      expect((await call('PUT', `/thread/${gptId}`, 'bob', { name: 'mine' })).status).toBe(404);
      expect((await call('DELETE', `/thread/${gptId}`, 'bob')).status).toBe(404);
      expect((await call('GET', '/thread', 'bob')).body).toEqual([]);
      expect((await call('GET', '/thread', 'alice')).body).toHaveLength(1);
      expect((await call('GET', '/threads', 'admin')).body).toHaveLength(1);
      expect((await call('GET', '/threads', 'alice')).status).toBe(403);
    });

    it('rename and delete (one, then all)', async () => {
      expect((await call('PUT', `/thread/${gptId}`, 'alice', { name: 'Flows' })).status).toBe(200);
      expect((await call('GET', '/thread', 'alice')).body[0].name).toBe('Flows');
      expect((await call('DELETE', `/thread/${gptId}`, 'alice')).status).toBe(200);
      expect(oa.threads.has(gptId)).toBe(false);
      await call('POST', '/thread', 'alice', { assistantId: asstId, content: LONG });
      const all = await call('DELETE', '/thread', 'alice');
      expect(all.body).toMatchObject({ deleted: 1 });
      expect((await call('GET', '/thread', 'alice')).body).toEqual([]);
    });

    it('bad ids and anonymous callers', async () => {
      expect((await call('GET', '/thread/bad%20id', 'alice')).status).toBe(400);
      expect((await call('GET', '/thread')).status).toBe(401);
    });
  });

  it('deletes an assistant at OpenAI and in the database', async () => {
    expect((await call('DELETE', `/assistant/${asstDb}`, 'dev')).status).toBe(200);
    expect(oa.assistants.has(asstId)).toBe(false);
    expect((await call('DELETE', '/assistant', 'admin')).status).toBe(200);
    expect((await call('GET', '/assistant', 'alice')).body).toEqual([]);
  });
});
