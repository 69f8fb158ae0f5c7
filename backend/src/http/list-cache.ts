// A version-checked answer cache for read-mostly lists (issue 12). One `ListCache` per app instance
// (services.ts); list routes opt in through `jsonList(db, query, page, { cache, key })`
// (http/lists.ts).
//
// Each cached list names the `list_versions` rows it depends on (migrations/005_list_versions.sql):
// every committed write to the underlying table bumps its version in the writer's own transaction.
// Per request: one tiny query reads the current version(s); an entry made at exactly that version
// is sent as it is (bytes kept, gzip/br variants built once, lazily); otherwise the list SQL runs
// and its answer replaces the entry. The version is read BEFORE the rows, so an entry can only be
// tagged older than its rows (refreshed on the next request), never newer: no stale answers, and
// none across several backend instances on one database either.
//
// Bounded: an LRU of `maxEntries` entries and `maxBytes` in all (bodies and compressed variants);
// an answer above `maxEntryBytes` is not kept (a whole list that big is streamed as without the
// cache; the entry only remembers "too big at this version"). Concurrent misses of one key and
// version share one SQL run.
import type { Request, Response } from 'express';
import type pg from 'pg';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { acceptedEncoding, COMPRESS_MIN_BYTES, JSON_TYPE, type Encoding } from './send.js';

export interface ListCacheLimits {
  /** Entries kept at most (least recently used evicted first). Default 64. */
  maxEntries?: number;
  /** Bytes kept at most, bodies and compressed variants together. Default 64 MiB. */
  maxBytes?: number;
  /** A larger answer is not kept. Default 4 MiB. */
  maxEntryBytes?: number;
}

export const LIST_CACHE_DEFAULTS: Required<ListCacheLimits> = {
  maxEntries: 64,
  maxBytes: 64 * 1024 * 1024,
  maxEntryBytes: 4 * 1024 * 1024,
};

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
// As http/send.ts: brotli quality 4, gzip's default level.
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/** One list answer, as sent: the JSON text and, for a page, its X-Total-Count. */
export class CachedAnswer {
  /** Compressed variants, built on the first request that accepts them. */
  readonly variants = new Map<Encoding, Promise<Buffer>>();
  /** The key the cache holds it under, if it does (its variants then count towards the cache's bytes). */
  storedAs: string | undefined;

  constructor(
    readonly body: Buffer,
    readonly total: number | undefined,
  ) {}
}

interface Entry {
  version: string;
  /** Undefined: the answer at this version was too big to keep (stream it instead). */
  answer: CachedAnswer | undefined;
  bytes: number;
}

export type Lookup = { hit: CachedAnswer } | { tooBig: true } | undefined;

export interface ListCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export class ListCache {
  readonly limits: Required<ListCacheLimits>;
  private readonly entries = new Map<string, Entry>();
  private readonly flights = new Map<string, Promise<CachedAnswer | undefined>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    /** Where list_versions lives: the pool of the lists this cache serves. */
    readonly db: pg.Pool,
    limits: ListCacheLimits = {},
  ) {
    this.limits = { ...LIST_CACHE_DEFAULTS, ...limits };
  }

  /**
   * The current version of the lists `names` (distinct), as one string; undefined when one of them
   * has no list_versions row (then the list is not cached).
   */
  async version(names: readonly string[]): Promise<string | undefined> {
    const r = await this.db.query<{ version: string }>({
      name: 'list-cache-version',
      text: 'SELECT version::text AS version FROM list_versions WHERE name = ANY($1::text[]) ORDER BY name',
      values: [names],
    });
    if (r.rows.length !== names.length) return undefined;
    return r.rows.map((row) => row.version).join('.');
  }

  /** The entry of `key` made at `version`, if any (and marks it recently used). */
  lookup(key: string, version: string): Lookup {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.answer ? { hit: entry.answer } : { tooBig: true };
  }

  /**
   * Runs `load` for `key` at `version` unless a load of the same key and version is running (then
   * shares its result), and keeps the result: an answer up to `maxEntryBytes`, or a "too big" mark
   * when `load` returns undefined. `load` must read the rows after `version` was read.
   */
  load(
    key: string,
    version: string,
    load: () => Promise<CachedAnswer | undefined>,
  ): Promise<CachedAnswer | undefined> {
    const id = `${version}\u0000${key}`;
    const running = this.flights.get(id);
    if (running) return running;
    const flight = (async () => {
      try {
        const answer = await load();
        this.store(key, version, answer);
        return answer;
      } finally {
        this.flights.delete(id);
      }
    })();
    this.flights.set(id, flight);
    return flight;
  }

  private store(key: string, version: string, answer: CachedAnswer | undefined): void {
    if (answer && answer.body.length > this.limits.maxEntryBytes) return;
    this.remove(key);
    const entry: Entry = { version, answer, bytes: key.length + (answer?.body.length ?? 0) };
    if (answer) answer.storedAs = key;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    this.evict();
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    if (entry.answer) entry.answer.storedAs = undefined;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) return;
      this.remove(key);
    }
  }

  /** The answer compressed with `encoding`: built once per answer, shared by concurrent requests. */
  variant(answer: CachedAnswer, encoding: Encoding): Promise<Buffer> {
    let p = answer.variants.get(encoding);
    if (p) return p;
    p = (encoding === 'br' ? brotli(answer.body, BROTLI_OPTIONS) : gzip(answer.body)).then(
      (buf) => {
        const entry = answer.storedAs === undefined ? undefined : this.entries.get(answer.storedAs);
        if (entry?.answer === answer) {
          entry.bytes += buf.length;
          this.bytes += buf.length;
          this.evict();
        }
        return buf;
      },
      (err: unknown) => {
        answer.variants.delete(encoding);
        throw err;
      },
    );
    answer.variants.set(encoding, p);
    return p;
  }

  /**
   * Sends an answer with status 200: exact Content-Length, compressed (br or gzip, as accepted)
   * from 1 kB on, as http/send.ts does. Headers of the list (X-Total-Count, Link) are the caller's.
   */
  async send(req: Request, res: Response, answer: CachedAnswer): Promise<void> {
    let body = answer.body;
    let encoding: Encoding | undefined;
    if (body.length >= COMPRESS_MIN_BYTES) {
      encoding = acceptedEncoding(req);
      if (encoding) body = await this.variant(answer, encoding);
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', JSON_TYPE);
    if (answer.body.length >= COMPRESS_MIN_BYTES) res.setHeader('Vary', 'Accept-Encoding');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }

  stats(): ListCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  clear(): void {
    for (const key of [...this.entries.keys()]) this.remove(key);
  }
}
