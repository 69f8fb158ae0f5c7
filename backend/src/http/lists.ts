// List answers that never truncate silently. A list route returns a `JsonList`: SQL that yields
// one JSON document (text, built by PostgreSQL) per item. Without `?limit` every row is streamed
// through a cursor, so memory stays flat whatever the table's size; with `?limit`/`?offset` one
// page is sent with `X-Total-Count` and an RFC 8288 `Link` header (next, prev).
import type { Request, Response } from 'express';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { acceptedEncoding, compressStream, JSON_TYPE, sendText } from './send.js';

/** Rows fetched per cursor read while streaming a whole list. */
export const STREAM_BATCH = 1000;

export interface Page {
  /** Absent: every row (from `offset`). */
  limit?: number | undefined;
  offset: number;
}

export interface ListQuery {
  /** A SQL expression giving one item as json (aliased `j` by the list). */
  item: string;
  /** `FROM … WHERE …` (no ORDER BY); `$1…` refer to `params`. */
  from: string;
  orderBy: string;
  params?: unknown[];
}

export class JsonList {
  constructor(
    readonly db: pg.Pool,
    readonly query: ListQuery,
    readonly page: Page,
  ) {}
}

/** What a list route's handler returns. */
export function jsonList(db: pg.Pool, query: ListQuery, page: Page): JsonList {
  return new JsonList(db, query, page);
}

function selectSql(q: ListQuery, extra = ''): string {
  return `SELECT (${q.item})::text AS j ${q.from} ORDER BY ${q.orderBy}${extra}`;
}

/** Runs a list and returns its items (for code that needs them in memory, e.g. tests or exports). */
export async function readList(list: JsonList): Promise<unknown[]> {
  const params = list.query.params ?? [];
  const n = params.length;
  const r = await list.db.query<{ j: string }>(selectSql(list.query, ` LIMIT $${n + 1} OFFSET $${n + 2}`), [
    ...params,
    list.page.limit ?? null,
    list.page.offset,
  ]);
  return r.rows.map((row) => JSON.parse(row.j) as unknown);
}

function withPage(req: Request, limit: number, offset: number): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('offset', String(offset));
  // A query-only reference resolves against the request's own path (RFC 3986 §5.2), so the links
  // stay right behind a proxy that serves the API under another prefix.
  return `?${url.searchParams.toString()}`;
}

async function sendPage(req: Request, res: Response, list: JsonList, limit: number): Promise<void> {
  const { db, query, page } = list;
  const params = query.params ?? [];
  const n = params.length;
  const [rows, count] = await Promise.all([
    db.query<{ j: string }>(selectSql(query, ` LIMIT $${n + 1} OFFSET $${n + 2}`), [
      ...params,
      limit,
      page.offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${query.from}`, params),
  ]);
  const total = count.rows[0]?.n ?? 0;
  const links: string[] = [];
  if (page.offset + limit < total) links.push(`<${withPage(req, limit, page.offset + limit)}>; rel="next"`);
  if (page.offset > 0) links.push(`<${withPage(req, limit, Math.max(0, page.offset - limit))}>; rel="prev"`);
  res.setHeader('X-Total-Count', String(total));
  if (links.length) res.setHeader('Link', links.join(', '));
  await sendText(req, res, 200, `[${rows.rows.map((r) => r.j).join(',')}]`, JSON_TYPE);
}

/** Yields the list's JSON text in chunks of up to STREAM_BATCH items. */
async function* streamChunks(client: pg.PoolClient, list: JsonList): AsyncGenerator<string> {
  const params = list.query.params ?? [];
  const sql = selectSql(list.query, list.page.offset ? ` OFFSET $${params.length + 1}` : '');
  const cursor = client.query(
    new Cursor<{ j: string }>(sql, list.page.offset ? [...params, list.page.offset] : params),
  );
  try {
    let first = true;
    for (;;) {
      const rows = await cursor.read(STREAM_BATCH);
      if (rows.length === 0) break;
      const body = rows.map((r) => r.j).join(',');
      yield first ? `[${body}` : `,${body}`;
      first = false;
      if (rows.length < STREAM_BATCH) break;
    }
    yield first ? '[]' : ']';
  } finally {
    await cursor.close().catch(() => undefined);
  }
}

async function streamAll(req: Request, res: Response, list: JsonList): Promise<void> {
  const client = await list.db.connect();
  let broken: Error | undefined;
  let chunks: AsyncGenerator<string> | undefined;
  try {
    chunks = streamChunks(client, list);
    const rest = chunks;
    // The first batch decides: a short list goes out in one piece with a Content-Length (and
    // compressed as any answer); a long one is streamed in chunks.
    const head = await chunks.next();
    const firstText = head.done ? '[]' : head.value;
    const second = head.done ? { done: true as const, value: undefined } : await chunks.next();
    if (second.done || second.value === ']') {
      await sendText(req, res, 200, head.done || second.done ? firstText : `${firstText}]`, JSON_TYPE);
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', JSON_TYPE);
    res.setHeader('Vary', 'Accept-Encoding');
    const encoding = acceptedEncoding(req);
    async function* all(): AsyncGenerator<string> {
      yield firstText;
      yield second.value as string;
      for await (const c of rest) yield c;
    }
    const source = Readable.from(all());
    if (encoding) {
      res.setHeader('Content-Encoding', encoding);
      await pipeline(source, compressStream(encoding), res);
    } else {
      await pipeline(source, res);
    }
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    await chunks?.return(undefined).catch(() => undefined); // closes the cursor
    // A failed stream may leave the connection mid-protocol: discard it rather than reuse it.
    client.release(broken);
  }
}

export async function sendList(req: Request, res: Response, list: JsonList): Promise<void> {
  if (list.page.limit !== undefined) return sendPage(req, res, list, list.page.limit);
  return streamAll(req, res, list);
}
