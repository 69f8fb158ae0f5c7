// The STATUS dashboards Grafana provisions (stack/grafana/provisioning/dashboards): their structure,
// and every panel query and template-variable query run against the real schema (the test
// PostgreSQL, migrated like production) with Grafana's macros expanded simply (grafana-sql.ts). A
// migration that renames or drops a column the dashboards use fails here, not in front of a user.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandGrafanaSql } from './grafana-sql.js';
import { createTestApp, type TestApp } from './helpers.js';

const DIR = path.resolve(import.meta.dirname, '../../stack/grafana/provisioning/dashboards');

interface Target {
  rawSql: string;
  format: string;
  datasource: { uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  targets: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query: string; datasource: { uid: string } }[] };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const dashboards = files.map((f) => ({
  file: f,
  d: JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Dashboard,
}));

let app: TestApp;
let controlId: number;
beforeAll(async () => {
  app = await createTestApp();
  const cat = await app.db.query<{ id: number }>(
    `INSERT INTO catalogs (name, start_date, status, tpa_id) VALUES ('ISO', now() - interval '2 days', 'finalized', 'tpa-iso') RETURNING id`,
  );
  const ctl = await app.db.query<{ id: number }>(
    `INSERT INTO controls (catalog_id, name, period, endpoint, status) VALUES
       ($1, 'Uptime', 'HOURLY', 'a', 'finalized'), ($1, 'Reviews', 'DAILY', 'b', 'finalized') RETURNING id`,
    [cat.rows[0]!.id],
  );
  controlId = ctl.rows[0]!.id;
  await app.db.query(
    `INSERT INTO computations (control_id, value, scope, evidences, period_from, period_to, created_at) VALUES
       ($1, true,  '{"team":"a"}', '[{"result":true}]', now() - interval '2 hours', now() - interval '1 hour', now() - interval '1 hour'),
       ($1, false, '{}', '[{"result":true},{"url":"x","result":false}]', now() - interval '1 hour', now(), now()),
       ($2, true,  '{}', '{"not":"an array"}', now() - interval '1 day', now(), now())`,
    [ctl.rows[0]!.id, ctl.rows[1]!.id],
  );
});
afterAll(async () => app?.close());

describe('provisioned dashboards', () => {
  it('the provider puts them in the STATUS folder, read-only, from the mounted path', () => {
    const yaml = readFileSync(path.join(DIR, 'status.yaml'), 'utf8');
    expect(yaml).toMatch(/^\s+folder: STATUS$/m);
    expect(yaml).toMatch(/^\s+allowUiUpdates: false$/m);
    expect(yaml).toMatch(/^\s+path: \/etc\/grafana\/provisioning\/dashboards$/m);
    expect(yaml).toMatch(/^\s+type: file$/m);
  });

  it('are the three STATUS dashboards, with unique uids, every query on status-postgres', () => {
    expect(dashboards.map(({ d }) => d.title).sort()).toEqual([
      'Compliance per catalog',
      'Control results over time',
      'Failing controls',
    ]);
    expect(new Set(dashboards.map(({ d }) => d.uid)).size).toBe(dashboards.length);
    for (const { d } of dashboards) {
      expect(d.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
      expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
      for (const p of d.panels) {
        expect(p.datasource.uid, `${d.title} / ${p.title}`).toBe('status-postgres');
        for (const t of p.targets) expect(t.datasource.uid).toBe('status-postgres');
      }
      for (const v of d.templating.list) expect(v.datasource.uid).toBe('status-postgres');
    }
    const results = dashboards.find(({ d }) => d.title === 'Control results over time')!.d;
    expect(results.templating.list.map((v) => v.name)).toEqual(['control']);
  });

  const queries = dashboards.flatMap(({ d }) => [
    ...d.panels.flatMap((p) => p.targets.map((t) => ({ where: `${d.title} / ${p.title}`, sql: t.rawSql }))),
    ...d.templating.list.map((v) => ({ where: `${d.title} / variable ${v.name}`, sql: v.query })),
  ]);

  it.each(queries)('$where: its SQL runs on the real schema', async ({ sql }) => {
    const r = await app.db.query(expandGrafanaSql(sql, { vars: { control: String(controlId) } }));
    expect(Array.isArray(r.rows)).toBe(true);
  });

  it('answer what they say on known data', async () => {
    const run = async (title: string, panel: string) => {
      const d = dashboards.find(({ d }) => d.title === title)!.d;
      const p = d.panels.find((x) => x.title === panel)!;
      return (
        await app.db.query(expandGrafanaSql(p.targets[0]!.rawSql, { vars: { control: String(controlId) } }))
      ).rows;
    };
    // Latest run of Uptime failed, of Reviews passed: 50 %.
    expect(
      await run('Compliance per catalog', 'Compliance per catalog (latest run of each control)'),
    ).toEqual([{ catalog: 'ISO', compliance: '50.0' }]);
    const failing = await run('Failing controls', 'Failing controls and their last evidence');
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({
      catalog: 'ISO',
      control: 'Uptime',
      'first failing evidence': '{"url": "x", "result": false}',
    });
    expect(await run('Failing controls', 'Failing controls')).toEqual([{ failing: 1 }]);
    expect(await run('Control results over time', 'Compliance in the time range')).toEqual([
      { compliance: '50.0' },
    ]);
    const variable = dashboards.find(({ d }) => d.title === 'Control results over time')!.d.templating
      .list[0]!;
    expect((await app.db.query(variable.query)).rows).toContainEqual({
      __text: 'Uptime — ISO',
      __value: controlId,
    });
  });
});
