// The answer cache of the list routes (list-cache.ts, lists.ts) and the list_versions triggers
// (migrations/005_list_versions.sql), against real PostgreSQL: list routes served by small Express
// apps, each with its own ListCache, on one database; writes go through SQL directly.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import express from 'express';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase, testEnv } from '../../test/helpers.js';
import { loadConfig } from '../config.js';
import { createPool } from '../db/pool.js';
import { CatalogsRepository } from '../features/catalogs/repository.js';
import { catalogsRoutes } from '../features/catalogs/routes.js';
import { ControlsRepository } from '../features/controls/repository.js';
import { controlsRoutes } from '../features/controls/routes.js';
import { ListCache, type ListCacheLimits } from './list-cache.js';
import { JsonList, jsonList, readList, sendList } from './lists.js';
import type { Route } from './route.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** GET without any decoding (fetch would decompress). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const json = (r: Raw) => JSON.parse(r.body.toString('utf8')) as unknown;

interface Instance {
  url: string;
  db: pg.Pool;
  cache: ListCache;
  close: () => Promise<void>;
}

let database: string;
const pools: pg.Pool[] = [];
const instances: Instance[] = [];
let writer: pg.Pool;
const newPool = () => {
  const p = createPool(loadConfig(testEnv(inject('services'), database)));
  pools.push(p);
  return p;
};

/** An app instance: its own pool and cache, serving the catalogs and controls lists. */
async function instance(limits: ListCacheLimits = {}): Promise<Instance> {
  const db = newPool();
  const cache = new ListCache(db, limits);
  const catalogs = new CatalogsRepository(db);
  const controls = new ControlsRepository(db);
  const page = (q: express.Request['query']) => ({
    limit: q.limit === undefined ? undefined : Number(q.limit),
    offset: Number(q.offset ?? 0),
  });
  const app = express();
  app.get('/catalogs', async (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name : undefined;
    await sendList(
      req,
      res,
      jsonList(db, catalogs.listQuery({ name }), page(req.query), { cache, key: 'catalogs' }),
    );
  });
  app.get('/catalogs/:id/controls', async (req, res) => {
    const list = controls.listQuery({ catalogId: Number(req.params.id) });
    await sendList(req, res, jsonList(db, list, page(req.query), { cache, key: ['controls', 'catalogs'] }));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const inst: Instance = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    db,
    cache,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  instances.push(inst);
  return inst;
}

/** Runs of a whole list's SQL: its cursor takes a client with connect() (pool.query passes a callback). */
function cursorRuns(db: pg.Pool) {
  const spy = vi.spyOn(db, 'connect');
  return {
    count: () => spy.mock.calls.filter((args) => (args as unknown[]).length === 0).length,
    restore: () => spy.mockRestore(),
  };
}

/** What an uncached read of every catalog gives right now. */
const fresh = (name?: string) =>
  readList(jsonList(writer, new CatalogsRepository(writer).listQuery({ name }), { offset: 0 }));

const version = async (name: string) =>
  (await writer.query<{ version: number }>('SELECT version FROM list_versions WHERE name = $1', [name]))
    .rows[0]!.version;

async function addCatalogs(n: number, prefix = 'cat'): Promise<number[]> {
  const r = await writer.query<{ id: number }>(
    `INSERT INTO catalogs (name, description, start_date, status)
     SELECT $2 || ' ' || g, repeat('d', 200), now(), 'draft' FROM generate_series(1, $1) g RETURNING id`,
    [n, prefix],
  );
  return r.rows.map((row) => row.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  writer = newPool();
  await addCatalogs(30);
});

afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()));
  await Promise.all(pools.map((p) => p.end()));
});

describe('list_versions triggers', () => {
  it('bump once per committed transaction and table, not on rollback; TRUNCATE and cascades bump', async () => {
    const v0 = await version('catalogs');
    await addCatalogs(5); // one statement, five rows
    expect(await version('catalogs')).toBe(v0 + 1);

    const c = await writer.connect();
    try {
      await c.query('BEGIN');
      await c.query(`UPDATE catalogs SET description = 'x' WHERE id IN (SELECT id FROM catalogs LIMIT 3)`);
      await c.query(`UPDATE catalogs SET description = 'y' WHERE id IN (SELECT id FROM catalogs LIMIT 3)`);
      expect(await version('catalogs')).toBe(v0 + 1); // not before the commit
      await c.query('COMMIT');
      expect(await version('catalogs')).toBe(v0 + 2); // two statements, one bump

      await c.query('BEGIN');
      await c.query(`DELETE FROM catalogs WHERE id IN (SELECT id FROM catalogs LIMIT 1)`);
      await c.query('ROLLBACK');
      expect(await version('catalogs')).toBe(v0 + 2);
    } finally {
      c.release();
    }

    // An UPDATE that matches nothing changes nothing: no bump.
    await writer.query(`UPDATE catalogs SET name = 'none' WHERE id = -1`);
    expect(await version('catalogs')).toBe(v0 + 2);

    // Deleting a catalog deletes its controls (ON DELETE CASCADE): both lists move.
    const [cat] = await addCatalogs(1, 'cascade');
    await writer.query(`INSERT INTO controls (catalog_id, name, period) VALUES ($1, 'k', 'DAILY')`, [cat]);
    const [vc, vk] = [await version('catalogs'), await version('controls')];
    await writer.query('DELETE FROM catalogs WHERE id = $1', [cat]);
    expect([await version('catalogs'), await version('controls')]).toEqual([vc + 1, vk + 1]);
  });

  it('TRUNCATE bumps (on a copy of the database, the other tests keep their rows)', async () => {
    const copy = await createTestDatabase();
    const db = createPool(loadConfig(testEnv(inject('services'), copy)));
    try {
      const before = (await db.query<{ version: number }>(`SELECT version FROM list_versions ORDER BY name`))
        .rows;
      await db.query('TRUNCATE catalogs CASCADE');
      const after = (await db.query<{ version: number }>(`SELECT version FROM list_versions ORDER BY name`))
        .rows;
      expect(after.map((r) => r.version)).toEqual(before.map((r) => r.version + 1));
    } finally {
      await db.end();
    }
  });

  it('two transactions writing both tables in opposite orders do not deadlock', async () => {
    const [c1, c2] = await addCatalogs(2, 'order');
    await writer.query(
      `INSERT INTO controls (catalog_id, name, period) VALUES ($1, 'a', 'DAILY'), ($2, 'b', 'DAILY')`,
      [c1, c2],
    );
    const a = await writer.connect();
    const b = await writer.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`UPDATE catalogs SET description = 'a' WHERE id = $1`, [c1]);
      await b.query(`UPDATE controls SET description = 'b' WHERE catalog_id = $1`, [c2]);
      await a.query(`UPDATE controls SET description = 'a' WHERE catalog_id = $1`, [c1]);
      await b.query(`UPDATE catalogs SET description = 'b' WHERE id = $1`, [c2]);
      const [vc, vk] = [await version('catalogs'), await version('controls')];
      await Promise.all([a.query('COMMIT'), b.query('COMMIT')]);
      expect([await version('catalogs'), await version('controls')]).toEqual([vc + 2, vk + 2]);
    } finally {
      a.release();
      b.release();
    }
  });
});

describe('ListCache', () => {
  let app: Instance;
  beforeEach(async () => {
    app = await instance();
  });

  it('serves the same bytes from the cache, with one version query and no list SQL', async () => {
    const first = await get(`${app.url}/catalogs`);
    expect(first.status).toBe(200);
    expect(json(first)).toEqual(await fresh());
    expect(first.headers['content-length']).toBe(String(first.body.length));
    const runs = cursorRuns(app.db);
    const query = vi.spyOn(app.db, 'query');
    try {
      const second = await get(`${app.url}/catalogs`);
      expect(second.body.equals(first.body)).toBe(true);
      expect(second.headers['content-type']).toBe(first.headers['content-type']);
      expect(second.headers['content-length']).toBe(first.headers['content-length']);
      expect(runs.count()).toBe(0); // the list SQL did not run
      expect(query).toHaveBeenCalledTimes(1); // the version
    } finally {
      runs.restore();
      query.mockRestore();
    }
    expect(app.cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it('answers fresh after INSERT, UPDATE and DELETE made directly in SQL', async () => {
    const warm = async () => {
      await get(`${app.url}/catalogs`);
      await get(`${app.url}/catalogs`); // cached now
    };
    await warm();
    const [id] = await addCatalogs(1, 'inserted');
    expect(json(await get(`${app.url}/catalogs`))).toEqual(await fresh());
    expect((await fresh()).some((c) => (c as { id: number }).id === id)).toBe(true);

    await warm();
    await writer.query(`UPDATE catalogs SET name = 'renamed' WHERE id = $1`, [id]);
    const updated = json(await get(`${app.url}/catalogs`)) as { id: number; name: string }[];
    expect(updated.find((c) => c.id === id)?.name).toBe('renamed');
    expect(updated).toEqual(await fresh());

    await warm();
    await writer.query('DELETE FROM catalogs WHERE id = $1', [id]);
    const deleted = json(await get(`${app.url}/catalogs`)) as { id: number }[];
    expect(deleted.some((c) => c.id === id)).toBe(false);
    expect(deleted).toEqual(await fresh());
  });

  it('keys entries by filter and page', async () => {
    await addCatalogs(3, 'keyed');
    const all = json(await get(`${app.url}/catalogs`)) as unknown[];
    const some = json(await get(`${app.url}/catalogs?name=keyed`)) as unknown[];
    expect(some).toEqual(await fresh('keyed'));
    expect(some.length).toBeLessThan(all.length);
    expect(json(await get(`${app.url}/catalogs?name=keyed`))).toEqual(some);
    expect(json(await get(`${app.url}/catalogs`))).toEqual(all);
  });

  it('keeps X-Total-Count right and builds Link from each request', async () => {
    const total = (await fresh()).length;
    const first = await get(`${app.url}/catalogs?limit=5&offset=5`);
    expect(first.headers['x-total-count']).toBe(String(total));
    expect(first.headers.link).toBe('<?limit=5&offset=10>; rel="next", <?limit=5&offset=0>; rel="prev"');
    expect(json(first)).toEqual((await fresh()).slice(5, 10));

    // The same page asked with another parameter order: a hit, its own links.
    const hits = app.cache.stats().hits;
    const again = await get(`${app.url}/catalogs?offset=5&limit=5&x=1`);
    expect(app.cache.stats().hits).toBe(hits + 1);
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.headers['x-total-count']).toBe(String(total));
    expect(again.headers.link).toBe(
      '<?offset=10&limit=5&x=1>; rel="next", <?offset=0&limit=5&x=1>; rel="prev"',
    );

    await addCatalogs(2, 'paged');
    const after = await get(`${app.url}/catalogs?limit=5&offset=5`);
    expect(after.headers['x-total-count']).toBe(String(total + 2));
    expect(json(after)).toEqual((await fresh()).slice(5, 10));

    const last = await get(`${app.url}/catalogs?limit=5&offset=${total - 3}`);
    expect(last.headers.link).toBe(`<?limit=5&offset=${total - 8}>; rel="prev"`);
    expect(json(last)).toEqual((await fresh()).slice(total - 3));
  });

  it('sends br and gzip variants that decode to the same JSON, built once', async () => {
    const plain = await get(`${app.url}/catalogs`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const before = app.cache.stats().bytes;
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', promisify(zlib.brotliDecompress)],
      ['gzip', 'gzip', promisify(zlib.gunzip)],
    ] as const) {
      const a = await get(`${app.url}/catalogs`, { 'accept-encoding': accept });
      const b = await get(`${app.url}/catalogs`, { 'accept-encoding': accept });
      expect(a.headers['content-encoding']).toBe(encoding);
      expect(a.headers['content-length']).toBe(String(a.body.length));
      expect(a.body.length).toBeLessThan(plain.body.length);
      expect(b.body.equals(a.body)).toBe(true);
      expect((await decode(a.body)).equals(plain.body)).toBe(true);
    }
    // The variants count towards the cache's bytes.
    expect(app.cache.stats().bytes).toBeGreaterThan(before);
  });

  it('lets concurrent misses share one SQL run', async () => {
    await addCatalogs(1, 'flight'); // a new version: the next request misses
    const runs = cursorRuns(app.db);
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => get(`${app.url}/catalogs`)));
      expect(runs.count()).toBe(1);
      for (const a of answers) expect(a.body.equals(answers[0]!.body)).toBe(true);
      expect(json(answers[0]!)).toEqual(await fresh());
    } finally {
      runs.restore();
    }
  });

  it('a write between the version and the rows only makes the entry look older', async () => {
    await get(`${app.url}/catalogs`);
    const read = app.cache.version.bind(app.cache);
    let written: number | undefined;
    const spy = vi.spyOn(app.cache, 'version').mockImplementation(async (names) => {
      const v = await read(names);
      if (written === undefined) [written] = await addCatalogs(1, 'between');
      return v;
    });
    try {
      await addCatalogs(1, 'before'); // the cached entry is old now: the next request misses
      const first = json(await get(`${app.url}/catalogs`)) as { id: number }[];
      expect(first.some((c) => c.id === written)).toBe(true); // the rows were read after the write
      // Tagged with the version read before the write: the next request refreshes it.
      const misses = app.cache.stats().misses;
      expect(json(await get(`${app.url}/catalogs`))).toEqual(await fresh());
      expect(app.cache.stats().misses).toBe(misses + 1);
      expect(json(await get(`${app.url}/catalogs`))).toEqual(await fresh());
      expect(app.cache.stats().misses).toBe(misses + 1); // and then serves it
    } finally {
      spy.mockRestore();
    }
  });

  it('a list on two tables moves with either', async () => {
    const [cat] = await addCatalogs(1, 'two');
    await writer.query(`INSERT INTO controls (catalog_id, name, period) VALUES ($1, 'c1', 'DAILY')`, [cat]);
    const url = `${app.url}/catalogs/${cat}/controls`;
    const names = async () => (json(await get(url)) as { name: string }[]).map((c) => c.name);
    expect(await names()).toEqual(['c1']);
    expect(await names()).toEqual(['c1']); // cached
    await writer.query(`UPDATE controls SET name = 'c2' WHERE catalog_id = $1`, [cat]);
    expect(await names()).toEqual(['c2']);
    // A catalogs-only write also refreshes it (the key covers both versions).
    const misses = app.cache.stats().misses;
    await writer.query(`UPDATE catalogs SET description = 'z' WHERE id = $1`, [cat]);
    expect(await names()).toEqual(['c2']);
    expect(app.cache.stats().misses).toBe(misses + 1);
  });
});

describe('ListCache bounds', () => {
  it('does not keep an answer above maxEntryBytes: a whole list streams, a page is sent', async () => {
    const app = await instance({ maxEntryBytes: 2048 });
    const expected = await fresh();
    for (let i = 0; i < 3; i++) {
      const r = await get(`${app.url}/catalogs`, { 'accept-encoding': 'gzip' });
      expect(JSON.parse(zlib.gunzipSync(r.body).toString())).toEqual(expected);
    }
    const page = await get(`${app.url}/catalogs?limit=20&offset=0`);
    expect(json(page)).toEqual(expected.slice(0, 20));
    expect(page.body.length).toBeGreaterThan(2048);
    // Only the "too big" mark of the whole list is kept, not its bytes; the page is not kept.
    expect(app.cache.stats().entries).toBe(1);
    expect(app.cache.stats().bytes).toBeLessThan(2048);
    // A small answer still is.
    const small = await get(`${app.url}/catalogs?limit=1&offset=0`);
    expect(json(small)).toEqual(expected.slice(0, 1));
    expect(app.cache.stats().entries).toBe(2);
  });

  it('a whole list above maxEntryBytes and above one cursor batch streams in full', async () => {
    await addCatalogs(1100, 'bulk');
    try {
      const app = await instance({ maxEntryBytes: 64 * 1024 });
      const expected = await fresh();
      expect(expected.length).toBeGreaterThan(1000);
      for (let i = 0; i < 2; i++) {
        const r = await get(`${app.url}/catalogs`);
        expect(r.headers['transfer-encoding']).toBe('chunked');
        expect(json(r)).toEqual(expected);
      }
      expect(app.cache.stats().bytes).toBeLessThan(1024);
    } finally {
      await writer.query(`DELETE FROM catalogs WHERE name LIKE 'bulk %'`);
    }
  });

  it('holds the LRU bounds: entries and bytes', async () => {
    const app = await instance({ maxEntries: 3 });
    for (const offset of [0, 1, 2]) await get(`${app.url}/catalogs?limit=2&offset=${offset}`);
    expect(app.cache.stats().entries).toBe(3);
    await get(`${app.url}/catalogs?limit=2&offset=0`); // most recently used now
    await get(`${app.url}/catalogs?limit=2&offset=3`); // evicts offset=1, the least recently used
    expect(app.cache.stats().entries).toBe(3);
    const hits = app.cache.stats().hits;
    await get(`${app.url}/catalogs?limit=2&offset=0`);
    expect(app.cache.stats().hits).toBe(hits + 1);
    await get(`${app.url}/catalogs?limit=2&offset=1`);
    expect(app.cache.stats().hits).toBe(hits + 1); // was evicted: a miss

    const small = await instance({ maxBytes: 6000 });
    for (let offset = 0; offset < 10; offset++) {
      const r = await get(`${small.url}/catalogs?limit=3&offset=${offset}`, { 'accept-encoding': 'br' });
      expect(r.status).toBe(200);
      expect(small.cache.stats().bytes).toBeLessThanOrEqual(6000);
    }
    expect(small.cache.stats().entries).toBeGreaterThan(0);
    expect(small.cache.stats().entries).toBeLessThan(10);
  });
});

describe('several instances on one database', () => {
  it('never serve stale answers after another instance (or anyone) writes', async () => {
    const [a, b] = [await instance(), await instance()];
    for (let round = 0; round < 10; round++) {
      // Both warm (and cached), then a write through one instance's own pool.
      await Promise.all([get(`${a.url}/catalogs?name=multi`), get(`${b.url}/catalogs?name=multi`)]);
      const by = round % 2 ? a.db : b.db;
      if (round % 3 === 2)
        await by.query(
          `DELETE FROM catalogs WHERE name LIKE 'multi %' AND id = (SELECT max(id) FROM catalogs WHERE name LIKE 'multi %')`,
        );
      else await by.query(`INSERT INTO catalogs (name, start_date) VALUES ($1, now())`, [`multi ${round}`]);
      const expected = await fresh('multi');
      expect(json(await get(`${a.url}/catalogs?name=multi`))).toEqual(expected);
      expect(json(await get(`${b.url}/catalogs?name=multi`))).toEqual(expected);
    }
    expect(a.cache.stats().hits + b.cache.stats().hits).toBeGreaterThan(0);
  });

  it('reads racing writes never end on a stale answer', async () => {
    const [a, b] = [await instance(), await instance()];
    let stop = false;
    const readers = [a, b].map(async (inst) => {
      while (!stop) await get(`${inst.url}/catalogs?name=race`);
    });
    for (let i = 0; i < 15; i++) {
      await writer.query(`INSERT INTO catalogs (name, start_date) VALUES ($1, now())`, [`race ${i}`]);
      // Any request that starts after the commit sees the row.
      const [ra, rb] = await Promise.all([
        get(`${a.url}/catalogs?name=race`),
        get(`${b.url}/catalogs?name=race`),
      ]);
      for (const r of [ra, rb]) expect((json(r) as unknown[]).length).toBe(i + 1);
    }
    stop = true;
    await Promise.all(readers);
  });
});

describe('opted-in routes', () => {
  it('catalogs and controls lists carry the cache and their list_versions names', async () => {
    const db = newPool();
    const listCache = new ListCache(db);
    const routes = [
      ...catalogsRoutes({ db, listCache }),
      ...controlsRoutes({ db, redis: undefined as never, listCache }),
    ];
    const find = (method: string, path: string) =>
      routes.find((r) => r.method === method && r.path === path)!;
    const run = (r: Route, params: object = {}) =>
      r.handler({
        req: undefined as never,
        res: undefined as never,
        params,
        query: { offset: 0 },
        body: {},
        auth: undefined,
      });
    const [cat] = await addCatalogs(1, 'routes');
    const cases: [string, object, string[]][] = [
      ['/catalogs', {}, ['catalogs']],
      ['/catalogs/drafts', {}, ['catalogs']],
      ['/catalogs/:catalogId/controls', { catalogId: cat }, ['catalogs', 'controls']],
      ['/controls', {}, ['controls']],
      ['/controls/drafts', {}, ['controls']],
      ['/controls/drafts/catalog/:catalogId', { catalogId: cat }, ['controls']],
    ];
    for (const [path, params, names] of cases) {
      const list = await run(find('GET', path), params);
      expect(list, path).toBeInstanceOf(JsonList);
      expect((list as JsonList).cached, path).toEqual({ cache: listCache, names });
    }
    // Lists of other tables stay uncached.
    const [ctl] = (
      await writer.query<{ id: number }>(
        `INSERT INTO controls (catalog_id, name, period) VALUES ($1, 'p', 'DAILY') RETURNING id`,
        [cat],
      )
    ).rows;
    const panels = await run(find('GET', '/controls/:id/panels'), { id: ctl!.id });
    expect((panels as JsonList).cached).toBeUndefined();
    // Without a cache (services without listCache) nothing is cached.
    const plain = await run(
      catalogsRoutes({ db }).find((r) => r.method === 'GET' && r.path === '/catalogs')!,
    );
    expect((plain as JsonList).cached).toBeUndefined();
  });
});
