// List answers that never truncate silently. A list route returns a `JsonList`: SQL that yields
// one JSON document (text, built by PostgreSQL) per item. Without `?limit` every row is streamed
// through a cursor, so memory stays flat whatever the table's size; with `?limit`/`?offset` one
// page is sent with `X-Total-Count` and an RFC 8288 `Link` header (next, prev).
//
// A list of a read-mostly table may opt in to the app's answer cache (http/list-cache.ts) with
// `{ cache, key }`: `key` names the list_versions row(s) its answer depends on.
import type { Request, Response } from 'express';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CachedAnswer, type ListCache } from './list-cache.js';
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

export interface ListCaching {
  /** The app's cache (services.ts); undefined: not cached. */
  cache: ListCache | undefined;
  /** The list_versions name(s) the answer depends on: every table the list SQL reads. */
  key: string | readonly string[];
}

export class JsonList {
  /** Set when the list is cached: the cache and the sorted, distinct list_versions names. */
  readonly cached: { cache: ListCache; names: readonly string[] } | undefined;

  constructor(
    readonly db: pg.Pool,
    readonly query: ListQuery,
    readonly page: Page,
    caching?: ListCaching,
  ) {
    const names = typeof caching?.key === 'string' ? [caching.key] : (caching?.key ?? []);
    this.cached =
      caching?.cache && names.length
        ? { cache: caching.cache, names: [...new Set(names)].sort() }
        : undefined;
  }
}

/** What a list route's handler returns; `caching` opts a read-mostly list in to the answer cache. */
export function jsonList(db: pg.Pool, query: ListQuery, page: Page, caching?: ListCaching): JsonList {
  return new JsonList(db, query, page, caching);
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

/** One page's JSON text and the list's total count. */
async function loadPage(list: JsonList, limit: number): Promise<{ text: string; total: number }> {
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
  return { text: `[${rows.rows.map((r) => r.j).join(',')}]`, total: count.rows[0]?.n ?? 0 };
}

/** X-Total-Count and Link (from the request: a cached page serves every URL spelling of it). */
function setPageHeaders(req: Request, res: Response, page: Page, limit: number, total: number): void {
  const links: string[] = [];
  if (page.offset + limit < total) links.push(`<${withPage(req, limit, page.offset + limit)}>; rel="next"`);
  if (page.offset > 0) links.push(`<${withPage(req, limit, Math.max(0, page.offset - limit))}>; rel="prev"`);
  res.setHeader('X-Total-Count', String(total));
  if (links.length) res.setHeader('Link', links.join(', '));
}

async function sendPage(req: Request, res: Response, list: JsonList, limit: number): Promise<void> {
  const { text, total } = await loadPage(list, limit);
  setPageHeaders(req, res, list.page, limit, total);
  await sendText(req, res, 200, text, JSON_TYPE);
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

/** Streams a long list (chunked, compressed as accepted): `head` first, then the rest of `chunks`. */
async function pipeChunks(
  req: Request,
  res: Response,
  head: readonly string[],
  chunks: AsyncIterable<string>,
): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Vary', 'Accept-Encoding');
  const encoding = acceptedEncoding(req);
  async function* all(): AsyncGenerator<string> {
    yield* head;
    for await (const c of chunks) yield c;
  }
  const source = Readable.from(all());
  if (encoding) {
    res.setHeader('Content-Encoding', encoding);
    await pipeline(source, compressStream(encoding), res);
  } else {
    await pipeline(source, res);
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
    await pipeChunks(req, res, [firstText, second.value as string], rest);
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    await chunks?.return(undefined).catch(() => undefined); // closes the cursor
    // A failed stream may leave the connection mid-protocol: discard it rather than reuse it.
    client.release(broken);
  }
}

/** A whole list read through a cursor, up to `cap` bytes: its text, or a stream begun (too big). */
interface Begun {
  prefix: string[];
  chunks: AsyncGenerator<string>;
  client: pg.PoolClient;
}
type Buffered = { text: string } | Begun;

async function bufferAll(list: JsonList, cap: number): Promise<Buffered> {
  const client = await list.db.connect();
  const chunks = streamChunks(client, list);
  let handedOver = false;
  let broken: Error | undefined;
  try {
    const parts: string[] = [];
    let bytes = 0;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return { text: parts.join('') };
      parts.push(next.value);
      bytes += Buffer.byteLength(next.value);
      if (bytes > cap) {
        handedOver = true;
        return { prefix: parts, chunks, client };
      }
    }
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    if (!handedOver) {
      await chunks.return(undefined).catch(() => undefined);
      client.release(broken);
    }
  }
}

/** The rest of a list too big to cache, streamed as without the cache. */
async function streamBuffered(req: Request, res: Response, big: Begun): Promise<void> {
  let broken: Error | undefined;
  try {
    await pipeChunks(req, res, big.prefix, big.chunks);
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    await big.chunks.return(undefined).catch(() => undefined);
    big.client.release(broken);
  }
}

/** The entry key of a list: its SQL, parameters and page (the cache's names come with it). */
function entryKey(list: JsonList, names: readonly string[]): string {
  const { item, from, orderBy, params } = list.query;
  return JSON.stringify([
    names,
    item,
    from,
    orderBy,
    params ?? [],
    list.page.limit ?? null,
    list.page.offset,
  ]);
}

async function sendCached(
  req: Request,
  res: Response,
  list: JsonList,
  { cache, names }: { cache: ListCache; names: readonly string[] },
): Promise<void> {
  const limit = list.page.limit;
  // The version first, the rows after: an entry is never tagged newer than its rows.
  const version = await cache.version(names);
  if (version === undefined)
    return limit === undefined ? streamAll(req, res, list) : sendPage(req, res, list, limit);
  const key = entryKey(list, names);
  const found = cache.lookup(key, version);
  if (found && 'tooBig' in found) return streamAll(req, res, list);

  let answer: CachedAnswer | undefined = found?.hit;
  let big: Begun | undefined;
  if (!answer) {
    try {
      answer = await cache.load(key, version, async () => {
        if (limit !== undefined) {
          const { text, total } = await loadPage(list, limit);
          return new CachedAnswer(Buffer.from(text), total);
        }
        const b = await bufferAll(list, cache.limits.maxEntryBytes);
        if ('text' in b) return new CachedAnswer(Buffer.from(b.text), undefined);
        big = b; // this request started the load: it streams the rest
        return undefined;
      });
    } catch (err) {
      const started = big as Begun | undefined;
      if (started) {
        await started.chunks.return(undefined).catch(() => undefined);
        started.client.release(err as Error);
      }
      throw err;
    }
  }
  if (!answer) return big ? streamBuffered(req, res, big) : streamAll(req, res, list);
  if (limit !== undefined) setPageHeaders(req, res, list.page, limit, answer.total ?? 0);
  await cache.send(req, res, answer);
}

export async function sendList(req: Request, res: Response, list: JsonList): Promise<void> {
  if (list.cached) return sendCached(req, res, list, list.cached);
  if (list.page.limit !== undefined) return sendPage(req, res, list, list.page.limit);
  return streamAll(req, res, list);
}
