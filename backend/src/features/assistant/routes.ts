// /api/v1/assistant, /thread, /threads: OpenAI assistants and per-user threads (spec §3.10, §3.11)
// through the `openai` SDK (services.ts; without AI_API_KEY the routes that need OpenAI answer
// 404). Fixed from the original: the assistant limit is enforced in a transaction, threads are
// owned (a user sees and changes only their own), run_id follows the latest run, deletes work, and
// errors are JSON with OpenAI's message only.
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.js';
import { listPage } from '../../http/domain.js';
import { HttpError, notFound } from '../../http/errors.js';
import { jsonList } from '../../http/lists.js';
import { ADMIN_ONLY, route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { ConfigurationRepository } from '../config/repository.js';
import { ai, requireOpenAI } from './openai.js';
import { AssistantRepository, ThreadRepository, toAssistant } from './repository.js';
import {
  addMessageBody,
  adminCreateBody,
  createBody,
  gptParams,
  idParams,
  instructionsBody,
  newThreadBody,
  renameBody,
} from './schemas.js';

export const DEFAULT_INSTRUCTIONS =
  'You help STATUS users with Node-RED flows: explain a flow to non-technical users in plain words, ' +
  'or write Node-RED flow JSON for a described compliance check. Answer concisely.';

const listQuery = z.object({ ...listPage });

const created = (name: string, id: string) => ({
  message: `Assistant ${name} with id ${id} created successfully`,
  assistantId: id,
});

export function assistantRoutes(s: Pick<AppServices, 'db' | 'config' | 'openai'>): Route[] {
  const { db } = s;
  const assistants = new AssistantRepository(db);
  const threads = new ThreadRepository(db);
  const configs = new ConfigurationRepository(db, s.config.API_PREFIX);
  const openai = () => requireOpenAI(s.openai);

  const byId = async (id: number) => {
    const row = await assistants.get(id);
    if (!row) throw notFound('Assistant not found');
    return row;
  };
  const own = async (userId: number, gptId: string) => {
    const t = await threads.own(userId, gptId);
    if (!t) throw notFound(`Thread ${gptId} not found`);
    return t;
  };
  const uid = (auth: { userId: string } | undefined) => Number(auth!.userId);

  /** Creates at OpenAI and inserts, holding the limit row locked so two creations cannot pass it. */
  async function create(o: { name: string; instructions: string; model: string; tools: { type: string }[] }) {
    const client = openai();
    const limit = await configs.assistantLimit();
    return inTransaction(db, async (conn) => {
      await conn.query('SELECT 1 FROM configurations WHERE endpoint = $1 FOR UPDATE', [
        configs.assistantEndpoint,
      ]);
      const n = (await conn.query<{ n: number }>('SELECT count(*)::int AS n FROM assistants')).rows[0]!.n;
      if (n >= limit) throw new HttpError(403, `Assistant limit reached (${limit})`);
      const a = await ai(
        'create assistant',
        client.beta.assistants.create({
          name: o.name,
          instructions: o.instructions,
          model: o.model,
          tools: o.tools as { type: 'code_interpreter' }[],
        }),
      );
      await conn.query(
        `INSERT INTO assistants (assistant_id, name, instructions, tools, model) VALUES ($1, $2, $3, $4, $5)`,
        [a.id, o.name, o.instructions, JSON.stringify(o.tools), o.model],
      );
      return a.id;
    });
  }

  /** A 404 from OpenAI on a delete means it is already gone there. */
  const goneIsFine = (e: unknown) => {
    if (!(e instanceof HttpError && e.status === 404)) throw e;
  };

  return [
    // ---- assistants
    route({
      method: 'GET',
      path: '/assistant',
      access: 'authenticated',
      summary: 'List assistants (every row; or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: listQuery,
      handler: ({ query: { limit, offset } }) => jsonList(db, assistants.listQuery(), { limit, offset }),
    }),
    route({
      method: 'GET',
      path: '/assistant/:id',
      access: 'authenticated',
      summary: 'An assistant',
      params: idParams,
      handler: async ({ params: { id } }) => toAssistant(await byId(id)),
    }),
    route({
      method: 'GET',
      path: '/assistant/:id/instructions',
      access: 'authenticated',
      summary: 'Instructions of an assistant',
      params: idParams,
      handler: async ({ params: { id } }) => ({ instructions: (await byId(id)).instructions }),
    }),
    route({
      method: 'POST',
      path: '/assistant',
      access: WRITERS,
      summary: 'Create an assistant (configured model, default instructions)',
      body: createBody,
      status: 201,
      handler: async ({ body: { name } }) =>
        created(
          name,
          await create({
            name,
            instructions: DEFAULT_INSTRUCTIONS,
            model: s.config.AI_MODEL,
            tools: [{ type: 'code_interpreter' }],
          }),
        ),
    }),
    route({
      method: 'POST',
      path: '/assistant/admin',
      access: ADMIN_ONLY,
      summary: 'Create an assistant with its instructions, model and tools (ADMIN)',
      body: adminCreateBody,
      status: 201,
      handler: async ({ body: b }) =>
        created(
          b.name,
          await create({
            name: b.name,
            instructions: b.instructions,
            model: b.model ?? s.config.AI_MODEL,
            tools: b.tools ?? [{ type: 'code_interpreter' }],
          }),
        ),
    }),
    route({
      method: 'PUT',
      path: '/assistant/:id/instructions',
      access: WRITERS,
      summary: 'Replace the instructions of an assistant (at OpenAI and here)',
      params: idParams,
      body: instructionsBody,
      handler: async ({ params: { id }, body: { instructions } }) => {
        const row = await byId(id);
        await ai('update assistant', openai().beta.assistants.update(row.assistant_id, { instructions }));
        await db.query('UPDATE assistants SET instructions = $2 WHERE id = $1', [id, instructions]);
        return { message: 'Assistant instructions updated successfully' };
      },
    }),
    route({
      method: 'DELETE',
      path: '/assistant/:id',
      access: WRITERS,
      summary: 'Delete an assistant (at OpenAI and here)',
      params: idParams,
      handler: async ({ params: { id } }) => {
        const row = await byId(id);
        await ai('delete assistant', openai().beta.assistants.delete(row.assistant_id)).catch(goneIsFine);
        await db.query('DELETE FROM assistants WHERE id = $1', [id]);
        return { message: 'Assistant deleted successfully' };
      },
    }),
    route({
      method: 'DELETE',
      path: '/assistant',
      access: ADMIN_ONLY,
      summary: 'Delete every assistant row (ADMIN)',
      handler: async () => {
        await db.query('DELETE FROM assistants');
        return { message: 'All assistants deleted successfully' };
      },
    }),

    // ---- threads (each user's own)
    route({
      method: 'GET',
      path: '/thread',
      access: 'authenticated',
      summary: "The caller's threads, newest first (every row; or a page with ?limit=&offset=)",
      query: listQuery,
      handler: ({ query: { limit, offset }, auth }) =>
        jsonList(db, threads.listQuery({ userId: uid(auth) }), { limit, offset }),
    }),
    route({
      method: 'GET',
      path: '/threads',
      access: ADMIN_ONLY,
      summary: "Every user's threads, newest first (ADMIN; every row, or a page with ?limit=&offset=)",
      query: listQuery,
      handler: ({ query: { limit, offset } }) => jsonList(db, threads.listQuery(), { limit, offset }),
    }),
    route({
      method: 'GET',
      path: '/thread/:gptId',
      access: 'authenticated',
      summary: 'Messages of a thread (or the status of its run while it is not completed)',
      params: gptParams,
      handler: async ({ params: { gptId }, auth }) => {
        const t = await own(uid(auth), gptId);
        const client = openai();
        if (t.run_id) {
          const run = await ai('get run', client.beta.threads.runs.retrieve(t.run_id, { thread_id: gptId }));
          if (run.status !== 'completed') return { message: 'Run not completed yet', status: run.status };
        }
        const page = await ai('list messages', client.beta.threads.messages.list(gptId));
        return { data: page.data, has_more: page.has_more };
      },
    }),
    route({
      method: 'POST',
      path: '/thread',
      access: 'authenticated',
      summary: 'Start a thread with a first message',
      body: newThreadBody,
      status: 201,
      handler: async ({ body: b, auth }) => {
        const run = await ai(
          'create thread',
          openai().beta.threads.createAndRun({
            assistant_id: b.assistantId,
            thread: { messages: [{ role: 'user', content: b.content }] },
          }),
        );
        await inTransaction(db, async (conn) => {
          const t = await conn.query<{ id: number }>(
            `INSERT INTO threads (user_id, gpt_id, name, run_id) VALUES ($1, $2, 'New thread', $3) RETURNING id`,
            [uid(auth), run.thread_id, run.id],
          );
          await conn.query('INSERT INTO messages (thread_id, role, content) VALUES ($1, $2, $3)', [
            t.rows[0]!.id,
            'user',
            b.content,
          ]);
        });
        return { id: run.thread_id, message: 'Thread created successfully' };
      },
    }),
    route({
      method: 'POST',
      path: '/thread/:gptId',
      access: 'authenticated',
      summary: 'Send a message to a thread (starts a run)',
      params: gptParams,
      body: addMessageBody,
      status: 201,
      handler: async ({ params: { gptId }, body: b, auth }) => {
        const t = await own(uid(auth), gptId);
        const client = openai();
        await ai(
          'add message',
          client.beta.threads.messages.create(gptId, { role: 'user', content: b.content }),
        );
        const run = await ai(
          'start run',
          client.beta.threads.runs.create(gptId, { assistant_id: b.assistantId }),
        );
        await db.query('UPDATE threads SET run_id = $2 WHERE id = $1', [t.id, run.id]);
        await db.query('INSERT INTO messages (thread_id, role, content) VALUES ($1, $2, $3)', [
          t.id,
          'user',
          b.content,
        ]);
        return { message: 'Message added successfully', runId: run.id };
      },
    }),
    route({
      method: 'PUT',
      path: '/thread/:gptId',
      access: 'authenticated',
      summary: 'Rename a thread',
      params: gptParams,
      body: renameBody,
      handler: async ({ params: { gptId }, body: { name }, auth }) => {
        const t = await own(uid(auth), gptId);
        await db.query('UPDATE threads SET name = $2 WHERE id = $1', [t.id, name]);
        return { message: `Thread ${gptId} name updated successfully` };
      },
    }),
    route({
      method: 'DELETE',
      path: '/thread/:gptId',
      access: 'authenticated',
      summary: 'Delete a thread (at OpenAI and here)',
      params: gptParams,
      handler: async ({ params: { gptId }, auth }) => {
        const t = await own(uid(auth), gptId);
        await ai('delete thread', openai().beta.threads.delete(gptId)).catch(goneIsFine);
        await db.query('DELETE FROM threads WHERE id = $1', [t.id]);
        return { message: `Thread ${gptId} deleted successfully` };
      },
    }),
    route({
      method: 'DELETE',
      path: '/thread',
      access: 'authenticated',
      summary: "Delete all the caller's threads (at OpenAI too, when configured)",
      handler: async ({ auth }) => {
        const q = await db.query<{ gpt_id: string }>(
          'DELETE FROM threads WHERE user_id = $1 RETURNING gpt_id',
          [uid(auth)],
        );
        const client = s.openai;
        if (client) await Promise.allSettled(q.rows.map((t) => client.beta.threads.delete(t.gpt_id)));
        return { message: 'Threads deleted successfully', deleted: q.rowCount };
      },
    }),
  ];
}
