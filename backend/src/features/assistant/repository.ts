// The assistant feature's rows (assistants, threads, messages) and their wire documents: the
// mappers (toAssistant, toThread) and the same documents built by PostgreSQL for the lists
// (ASSISTANT_JSON, THREAD_JSON; assistant/repository.test.ts checks they agree).
import type pg from 'pg';
import { isoSql } from '../../http/domain.js';
import type { ListQuery } from '../../http/lists.js';

export interface AssistantRow {
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
export const toAssistant = (r: AssistantRow) => ({
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
export const ASSISTANT_JSON = `json_build_object(
  'id', id, 'assistantId', assistant_id, 'name', name, 'instructions', instructions,
  'tools', tools, 'model', model, 'status', status,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

export interface ThreadRow {
  id: number;
  user_id: number;
  gpt_id: string;
  name: string;
  run_id: string | null;
  created_at: Date;
  updated_at: Date;
}
export const toThread = (r: ThreadRow) => ({
  id: r.id,
  gptId: r.gpt_id,
  name: r.name,
  runId: r.run_id,
  userId: r.user_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
export const THREAD_JSON = `json_build_object(
  'id', id, 'gptId', gpt_id, 'name', name, 'runId', run_id, 'userId', user_id,
  'createdAt', ${isoSql('created_at')}, 'updatedAt', ${isoSql('updated_at')})`;

const ASSISTANT_COLUMNS =
  'id, assistant_id, name, instructions, tools, model, status, created_at, updated_at';

export class AssistantRepository {
  constructor(private readonly db: pg.Pool) {}

  /** Every assistant, oldest first (http/lists.ts). */
  listQuery(): ListQuery {
    return { item: ASSISTANT_JSON, from: 'FROM assistants', orderBy: 'id' };
  }

  async get(id: number): Promise<AssistantRow | undefined> {
    const q = await this.db.query<AssistantRow>(`SELECT ${ASSISTANT_COLUMNS} FROM assistants WHERE id = $1`, [
      id,
    ]);
    return q.rows[0];
  }
}

export class ThreadRepository {
  constructor(private readonly db: pg.Pool) {}

  /** One user's threads (or everyone's), newest first (http/lists.ts). */
  listQuery(f: { userId?: number | undefined } = {}): ListQuery {
    return {
      item: THREAD_JSON,
      from: 'FROM threads WHERE ($1::int IS NULL OR user_id = $1)',
      orderBy: 'created_at DESC, id DESC',
      params: [f.userId ?? null],
    };
  }

  /** The caller's thread with that OpenAI id, or undefined (another user's is not theirs). */
  async own(userId: number, gptId: string): Promise<ThreadRow | undefined> {
    const q = await this.db.query<ThreadRow>('SELECT * FROM threads WHERE gpt_id = $1 AND user_id = $2', [
      gptId,
      userId,
    ]);
    return q.rows[0];
  }
}
