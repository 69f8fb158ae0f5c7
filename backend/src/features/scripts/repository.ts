// Scripts in Redis, as the original: key `script:<uuid>`, value JSON {code, metadata, createdAt,
// updatedAt?}. Listing uses SCAN + MGET (the original ran KEYS and one GET per key).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface StoredScript {
  code: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt?: string;
}
export type Script = StoredScript & { id: string };

export const scriptKey = (id: string) => `script:${id}`;
const PATTERN = 'script:*';

export class ScriptsRepository {
  constructor(private readonly redis: Redis) {}

  private async keys(): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', PATTERN, 'COUNT', 500);
      out.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return [...new Set(out)];
  }

  async list(): Promise<Script[]> {
    const keys = await this.keys();
    if (!keys.length) return [];
    const values = await this.redis.mget(keys);
    const out: Script[] = [];
    keys.forEach((k, i) => {
      const v = values[i];
      if (v) out.push({ id: k.slice('script:'.length), ...(JSON.parse(v) as StoredScript) });
    });
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<StoredScript | null> {
    const v = await this.redis.get(scriptKey(id));
    return v ? (JSON.parse(v) as StoredScript) : null;
  }

  async create(code: string, metadata: Record<string, unknown> = {}): Promise<string> {
    const id = randomUUID();
    const s: StoredScript = { code, metadata, createdAt: new Date().toISOString() };
    await this.redis.set(scriptKey(id), JSON.stringify(s));
    return id;
  }

  /** False when the script does not exist. */
  async update(
    id: string,
    patch: { code?: string | undefined; metadata?: Record<string, unknown> | undefined },
  ) {
    const old = await this.get(id);
    if (!old) return false;
    const s: StoredScript = {
      ...old,
      code: patch.code ?? old.code,
      metadata: patch.metadata ?? old.metadata,
      updatedAt: new Date().toISOString(),
    };
    // XX: never resurrect a script deleted in between.
    return (await this.redis.set(scriptKey(id), JSON.stringify(s), 'XX')) === 'OK';
  }

  async delete(id: string): Promise<boolean> {
    return (await this.redis.del(scriptKey(id))) > 0;
  }

  async deleteAll(): Promise<number> {
    const keys = await this.keys();
    let n = 0;
    for (let i = 0; i < keys.length; i += 500) n += await this.redis.del(...keys.slice(i, i + 500));
    return n;
  }
}
