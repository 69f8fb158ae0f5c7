// /api/v1/assistant and /api/v1/thread(s): OpenAI assistants and per-user threads (spec §3.10,
// §3.11) through the `openai` SDK. Fixed from the original: the assistant limit is enforced in a
// transaction, threads are owned (a user sees and changes only their own), run_id follows the
// latest run, deletes work, and errors are JSON with OpenAI's message only.
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateBody, validateParams } from '../../http/validate.js';
import { requireRole } from '../auth/middleware.js';
import { ConfigurationRepository } from '../config/repository.js';
import { ai, requireOpenAI } from './openai.js';
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

interface AssistantRow {
  id: number;
  assistant_id: string;
  name: string;
  instructions: string;
  tools: unknown;
  model: string;
  status: string;
  created_at: Date;
  updated_at: Date;
}
const toAssistant = (r: AssistantRow) => ({
  id: r.id,
  assistantId: r.assistant_id,
  name: r.name,
  instructions: r.instructions,
  tools: r.tools,
  model: r.model,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
interface ThreadRow {
  id: number;
  user_id: number;
  gpt_id: string;
  name: string;
  run_id: string | null;
  created_at: Date;
  updated_at: Date;
}
const toThread = (r: ThreadRow) => ({
  id: r.id,
  gptId: r.gpt_id,
  name: r.name,
  runId: r.run_id,
  userId: r.user_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const ASSISTANT_COLUMNS =
  'id, assistant_id, name, instructions, tools, model, status, created_at, updated_at';

export function assistantRouter(deps: AppDeps): Router {
  const r = Router();
  const db = deps.db;
  const writer = requireRole('ADMIN', 'DEVELOPER');
  const configs = new ConfigurationRepository(db, deps.config.API_PREFIX);

  r.get('/', async (_req, res) => {
    const q = await db.query<AssistantRow>(`SELECT ${ASSISTANT_COLUMNS} FROM assistants ORDER BY id`);
    res.json(q.rows.map(toAssistant));
  });
  const byId = async (id: number) => {
    const q = await db.query<AssistantRow>(`SELECT ${ASSISTANT_COLUMNS} FROM assistants WHERE id = $1`, [id]);
    if (!q.rows[0]) throw notFound('Assistant not found');
    return q.rows[0];
  };
  r.get('/:id', async (req, res) => {
    res.json(toAssistant(await byId(validateParams(idParams, req).id)));
  });
  r.get('/:id/instructions', async (req, res) => {
    res.json({ instructions: (await byId(validateParams(idParams, req).id)).instructions });
  });

  /** Creates at OpenAI and inserts, holding the limit row locked so two creations cannot pass it. */
  async function create(o: { name: string; instructions: string; model: string; tools: { type: string }[] }) {
    const openai = requireOpenAI(deps);
    const limit = await configs.assistantLimit();
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM configurations WHERE endpoint = $1 FOR UPDATE', [
        configs.assistantEndpoint,
      ]);
      const n = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM assistants')).rows[0]!.n;
      if (n >= limit) throw new HttpError(403, `Assistant limit reached (${limit})`);
      const a = await ai(
        'create assistant',
        openai.beta.assistants.create({
          name: o.name,
          instructions: o.instructions,
          model: o.model,
          tools: o.tools as { type: 'code_interpreter' }[],
        }),
      );
      await client.query(
        `INSERT INTO assistants (assistant_id, name, instructions, tools, model) VALUES ($1, $2, $3, $4, $5)`,
        [a.id, o.name, o.instructions, JSON.stringify(o.tools), o.model],
      );
      await client.query('COMMIT');
      return a.id;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  r.post('/', writer, async (req, res) => {
    const { name } = validateBody(createBody, req);
    const id = await create({
      name,
      instructions: DEFAULT_INSTRUCTIONS,
      model: deps.config.AI_MODEL,
      tools: [{ type: 'code_interpreter' }],
    });
    res
      .status(201)
      .json({ message: `Assistant ${name} with id ${id} created successfully`, assistantId: id });
  });
  r.post('/admin', requireRole('ADMIN'), async (req, res) => {
    const b = validateBody(adminCreateBody, req);
    const id = await create({
      name: b.name,
      instructions: b.instructions,
      model: b.model ?? deps.config.AI_MODEL,
      tools: b.tools ?? [{ type: 'code_interpreter' }],
    });
    res
      .status(201)
      .json({ message: `Assistant ${b.name} with id ${id} created successfully`, assistantId: id });
  });
  r.put('/:id/instructions', writer, async (req, res) => {
    const { id } = validateParams(idParams, req);
    const { instructions } = validateBody(instructionsBody, req);
    const row = await byId(id);
    await ai(
      'update assistant',
      requireOpenAI(deps).beta.assistants.update(row.assistant_id, { instructions }),
    );
    await db.query('UPDATE assistants SET instructions = $2 WHERE id = $1', [id, instructions]);
    res.json({ message: 'Assistant instructions updated successfully' });
  });
  r.delete('/:id', writer, async (req, res) => {
    const { id } = validateParams(idParams, req);
    const row = await byId(id);
    await ai('delete assistant', requireOpenAI(deps).beta.assistants.delete(row.assistant_id)).catch(
      (e: unknown) => {
        if (!(e instanceof HttpError && e.status === 404)) throw e; // already gone at OpenAI
      },
    );
    await db.query('DELETE FROM assistants WHERE id = $1', [id]);
    res.json({ message: 'Assistant deleted successfully' });
  });
  r.delete('/', requireRole('ADMIN'), async (_req, res) => {
    await db.query('DELETE FROM assistants');
    res.json({ message: 'All assistants deleted successfully' });
  });
  return r;
}

export function threadRouter(deps: AppDeps): Router {
  const r = Router();
  const db = deps.db;
  const uid = (req: { auth?: { userId: string } }) => Number(req.auth!.userId);
  const own = async (userId: number, gptId: string) => {
    const q = await db.query<ThreadRow>('SELECT * FROM threads WHERE gpt_id = $1 AND user_id = $2', [
      gptId,
      userId,
    ]);
    if (!q.rows[0]) throw notFound(`Thread ${gptId} not found`);
    return q.rows[0];
  };

  r.get('/', async (req, res) => {
    const q = await db.query<ThreadRow>('SELECT * FROM threads WHERE user_id = $1 ORDER BY created_at DESC', [
      uid(req),
    ]);
    res.json(q.rows.map(toThread));
  });
  r.get('/:gptId', async (req, res) => {
    const { gptId } = validateParams(gptParams, req);
    const t = await own(uid(req), gptId);
    const openai = requireOpenAI(deps);
    if (t.run_id) {
      const run = await ai('get run', openai.beta.threads.runs.retrieve(t.run_id, { thread_id: gptId }));
      if (run.status !== 'completed') {
        res.json({ message: 'Run not completed yet', status: run.status });
        return;
      }
    }
    const page = await ai('list messages', openai.beta.threads.messages.list(gptId));
    res.json({ data: page.data, has_more: page.has_more });
  });
  r.post('/', async (req, res) => {
    const b = validateBody(newThreadBody, req);
    const openai = requireOpenAI(deps);
    const run = await ai(
      'create thread',
      openai.beta.threads.createAndRun({
        assistant_id: b.assistantId,
        thread: { messages: [{ role: 'user', content: b.content }] },
      }),
    );
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const t = await client.query<{ id: number }>(
        `INSERT INTO threads (user_id, gpt_id, name, run_id) VALUES ($1, $2, 'New thread', $3) RETURNING id`,
        [uid(req), run.thread_id, run.id],
      );
      await client.query('INSERT INTO messages (thread_id, role, content) VALUES ($1, $2, $3)', [
        t.rows[0]!.id,
        'user',
        b.content,
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    res.status(201).json({ id: run.thread_id, message: 'Thread created successfully' });
  });
  r.post('/:gptId', async (req, res) => {
    const { gptId } = validateParams(gptParams, req);
    const b = validateBody(addMessageBody, req);
    const t = await own(uid(req), gptId);
    const openai = requireOpenAI(deps);
    await ai('add message', openai.beta.threads.messages.create(gptId, { role: 'user', content: b.content }));
    const run = await ai(
      'start run',
      openai.beta.threads.runs.create(gptId, { assistant_id: b.assistantId }),
    );
    await db.query('UPDATE threads SET run_id = $2 WHERE id = $1', [t.id, run.id]);
    await db.query('INSERT INTO messages (thread_id, role, content) VALUES ($1, $2, $3)', [
      t.id,
      'user',
      b.content,
    ]);
    res.status(201).json({ message: 'Message added successfully', runId: run.id });
  });
  r.put('/:gptId', async (req, res) => {
    const { gptId } = validateParams(gptParams, req);
    const { name } = validateBody(renameBody, req);
    const t = await own(uid(req), gptId);
    await db.query('UPDATE threads SET name = $2 WHERE id = $1', [t.id, name]);
    res.json({ message: `Thread ${gptId} name updated successfully` });
  });
  r.delete('/:gptId', async (req, res) => {
    const { gptId } = validateParams(gptParams, req);
    const t = await own(uid(req), gptId);
    await ai('delete thread', requireOpenAI(deps).beta.threads.delete(gptId)).catch((e: unknown) => {
      if (!(e instanceof HttpError && e.status === 404)) throw e;
    });
    await db.query('DELETE FROM threads WHERE id = $1', [t.id]);
    res.json({ message: `Thread ${gptId} deleted successfully` });
  });
  r.delete('/', async (req, res) => {
    const q = await db.query<ThreadRow>('DELETE FROM threads WHERE user_id = $1 RETURNING gpt_id', [
      uid(req),
    ]);
    if (deps.config.AI_API_KEY) {
      const openai = requireOpenAI(deps);
      await Promise.allSettled(q.rows.map((t) => openai.beta.threads.delete(t.gpt_id)));
    }
    res.json({ message: 'Threads deleted successfully', deleted: q.rowCount });
  });
  return r;
}

/** GET /threads: every user's threads (ADMIN). */
export function allThreadsRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/', requireRole('ADMIN'), async (_req, res) => {
    const q = await deps.db.query<ThreadRow>('SELECT * FROM threads ORDER BY created_at DESC');
    res.json(q.rows.map(toThread));
  });
  return r;
}
