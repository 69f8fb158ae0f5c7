// /api/v1/grafana: the Grafana routes of the original (spec §3.9) through one typed client. Reads
// need a signed-in user; writes need ADMIN or DEVELOPER; datasources and service accounts ADMIN
// (policy table in auth/policy.ts, plus requireRole here). Grafana's errors are reported with its
// status (5xx and no answer → 502) and its own message only — never the credentials. An answer that
// is not what Grafana documents (answers.ts) → 502 saying so. No service-account token → 503.
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateBody, validateParams, validateQuery } from '../../http/validate.js';
import { requireRole } from '../auth/middleware.js';
import { GrafanaClient, GrafanaError, type DashboardJson } from './client.js';
import { buildPanel, controlPanelSql, PANEL_TYPES, type PanelType } from './panels.js';
import { buildQuery, SqlBuilderError, sqlSpecSchema, toRawSql } from './sql-builder.js';
import { parseQuery, SqlParseError, sqlParseBody } from './sql-parser.js';
import {
  dashboardBody,
  datasourceBody,
  folderBody,
  idParams,
  panelBody,
  panelParams,
  panelPatchBody,
  searchQuery,
  serviceAccountBody,
  templateBody,
  tokenBody,
  uidParams,
} from './schemas.js';

const clients = new WeakMap<AppDeps, GrafanaClient>();
export function grafanaClient(deps: AppDeps): GrafanaClient {
  let c = clients.get(deps);
  if (!c) clients.set(deps, (c = GrafanaClient.fromConfig(deps.config)));
  return c;
}

export const GRAFANA_NOT_CONNECTED =
  'Grafana is not connected: no service account token (GRAFANA_API_KEY); start the platform from STATUS Desktop, which creates it';

/** Runs a Grafana call; its failures become `{message: "Failed to <op> in Grafana: …"}`. */
async function g<T>(op: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (!(err instanceof GrafanaError)) throw err;
    if (err.badShape)
      throw new HttpError(
        502,
        `${err.upstreamMessage}. Check that GRAFANA_URL points at Grafana itself (not a proxy or another service) and try again.`,
      );
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 502;
    throw new HttpError(status, `Failed to ${op} in Grafana: ${err.upstreamMessage ?? err.message}`);
  }
}

function rawSql(spec: unknown): string {
  try {
    return toRawSql(buildQuery(spec as never));
  } catch (err) {
    if (err instanceof SqlBuilderError)
      throw new HttpError(400, 'Invalid sqlQuery', [{ path: `sqlQuery.${err.path}`, message: err.message }]);
    throw err;
  }
}

export function grafanaRouter(deps: AppDeps): Router {
  const r = Router();
  const gc = () => grafanaClient(deps);
  const writer = requireRole('ADMIN', 'DEVELOPER');
  const admin = requireRole('ADMIN');
  // Without the service-account token Grafana refuses every call: say so once, up front (the SQL
  // builder routes do not call Grafana).
  r.use((req, _res, next) => {
    if (req.path.startsWith('/sql/') || deps.config.GRAFANA_API_KEY) return next();
    throw new HttpError(503, GRAFANA_NOT_CONNECTED);
  });

  r.get('/search', async (req, res) => {
    const q = validateQuery(searchQuery, req);
    const limit = !q.limit ? 1000 : Math.min(q.limit, 5000);
    res.json(
      await g(
        'search',
        gc().search({
          query: q.query,
          tag: q.tag,
          type: q.type,
          dashboardUIDs: q.dashboardUIDs,
          folderUIDs: q.folderUIDs,
          starred: q.starred === undefined ? undefined : q.starred === 'true',
          limit,
          page: q.page ?? 1,
        }),
      ),
    );
  });

  // folders
  r.get('/folder', async (_req, res) => {
    res.json(await g('get folders', gc().listFolders()));
  });
  r.post('/folder', writer, async (req, res) => {
    const b = validateBody(folderBody, req);
    res.status(201).json(await g('create folder', gc().createFolder(b)));
  });
  r.get('/folder/:uid', async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    res.json(await g('get folder', gc().getFolder(u)));
  });
  r.delete('/folder/:uid', writer, async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    res.json(await g('delete folder', gc().deleteFolder(u)));
  });
  r.get('/folder/:uid/dashboard', async (req, res) => {
    const u = req.params.uid;
    if (u === '{uid}' || u === 'root') {
      const all = await g('get dashboards', gc().search({ type: 'dash-db' }));
      res.json(all.filter((d) => !d.folderUid));
      return;
    }
    const { uid: v } = validateParams(uidParams, req);
    res.json(await g('get dashboards', gc().search({ type: 'dash-db', folderUIDs: [v] })));
  });

  // dashboards
  r.post('/dashboard', writer, async (req, res) => {
    const b = validateBody(dashboardBody, req);
    const saved = await g(
      'create dashboard',
      gc().saveDashboard({
        dashboard: normalizeDashboard(b.dashboard),
        folderUid: b.folderUid ?? undefined,
        overwrite: b.overwrite ?? false,
        message: 'Dashboard created successfully',
      }),
    );
    res.status(201).json(saved);
  });
  r.post('/dashboard/import', writer, async (req, res) => {
    const b = validateBody(dashboardBody, req);
    const out = await g(
      'import dashboard',
      gc().importDashboard({
        dashboard: normalizeDashboard(b.dashboard),
        folderUid: b.folderUid ?? undefined,
        overwrite: b.overwrite ?? true,
        inputs: b.inputs ?? [],
      }),
    );
    res.status(201).json(out);
  });
  r.post('/dashboard/template', writer, async (req, res) => {
    const b = validateBody(templateBody, req);
    const dashboard = await g(
      'create dashboard template',
      gc().saveDashboard({
        dashboard: {
          id: null,
          title: b.name || 'New Dashboard Template',
          panels: [],
          schemaVersion: 27,
          time: {
            from: b.startDate ? b.startDate.toISOString() : 'now-6h',
            to: b.endDate ? b.endDate.toISOString() : 'now',
          },
        },
        folderUid: b.folderId ?? null,
        overwrite: false,
      }),
    );
    res.status(201).json({ message: 'Dashboard template created successfully', dashboard });
  });
  r.get('/dashboard/:uid', async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    res.json(await g('get dashboard', gc().getDashboard(u)));
  });
  r.delete('/dashboard/:uid', writer, async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    res.json(await g('delete dashboard', gc().deleteDashboard(u)));
  });

  // panels
  r.get('/dashboard/:uid/panel', async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    const { dashboard } = await g('get dashboard', gc().getDashboard(u));
    const panels = dashboard.panels ?? [];
    if (!panels.length) throw notFound('No panels found in dashboard');
    res.json(panels.map(describePanel));
  });
  r.post('/dashboard/:uid/panel', writer, async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    const b = validateBody(panelBody, req);
    const sql = b.sqlQuery ? rawSql(b.sqlQuery) : controlPanelSql(b.type, b.controlId!);
    const { dashboard, meta } = await g('get dashboard', gc().getDashboard(u));
    const panels = dashboard.panels ?? [];
    const id = panels.length ? Math.max(...panels.map((p) => Number(p.id) || 0)) + 1 : 0;
    for (const p of panels) {
      const gp = p.gridPos as { y?: number } | undefined;
      if (gp && typeof gp.y === 'number') gp.y += b.gridPos.h;
    }
    panels.push(
      buildPanel(b.type, {
        id,
        title: b.title,
        displayName: b.displayName,
        gridPos: b.gridPos,
        rawSql: sql,
        table: b.table,
      }),
    );
    const saved = await g(
      'add panel',
      gc().saveDashboard({
        dashboard: { ...dashboard, panels },
        folderUid: meta.folderUid,
        overwrite: false,
        message: 'Panel added successfully',
      }),
    );
    res.status(201).json({
      panelId: id,
      title: b.title,
      type: b.type,
      rawSql: sql,
      displayName: b.displayName ?? b.title,
      gridPos: b.gridPos,
      ...saved,
    });
  });
  // Registered before /:id routes so "query" is not taken for a panel id.
  r.get('/dashboard/:uid/panel/query', async (req, res) => {
    const { uid: u } = validateParams(uidParams, req);
    const { dashboard } = await g('get dashboard', gc().getDashboard(u));
    const panels = dashboard.panels ?? [];
    if (!panels.length) throw notFound('No panels found in dashboard');
    res.json(
      panels.map(describePanel).map((p) => ({
        id: p.id,
        title: p.title,
        displayName: p.displayName,
        rawSql: p.rawSql,
        type: p.type,
      })),
    );
  });
  r.get('/dashboard/:uid/panel/:id/query', async (req, res) => {
    const { uid: u, id } = validateParams(panelParams, req);
    const { dashboard } = await g('get dashboard', gc().getDashboard(u));
    const panel = (dashboard.panels ?? []).find((p) => Number(p.id) === id);
    if (!panel) throw notFound('Panel not found in dashboard');
    res.json(describePanel(panel));
  });
  r.patch('/dashboard/:uid/panel/:id', writer, async (req, res) => {
    const { uid: u, id } = validateParams(panelParams, req);
    const b = validateBody(panelPatchBody, req);
    const { dashboard, meta } = await g('get dashboard', gc().getDashboard(u));
    const panels = dashboard.panels ?? [];
    if (!panels.length) throw notFound('No panels found in dashboard');
    const i = panels.findIndex((p) => Number(p.id) === id);
    if (i < 0) throw notFound('Panel not found in dashboard');
    const old = describePanel(panels[i]!);
    const oldTarget = (
      Array.isArray(panels[i]!.targets) ? (panels[i]!.targets as { table?: string }[]) : []
    )[0];
    const oldType = (PANEL_TYPES as readonly unknown[]).includes(old.type)
      ? (old.type as PanelType)
      : 'gauge';
    panels[i] = buildPanel(b.type ?? oldType, {
      id,
      title: b.title ?? String(old.title ?? ''),
      displayName: b.displayName ?? (old.displayName as string | undefined) ?? undefined,
      gridPos: b.gridPos ?? (old.gridPos as { x: number; y: number; w: number; h: number }),
      rawSql: b.sqlQuery ? rawSql(b.sqlQuery) : String(old.rawSql ?? ''),
      table: b.table ?? oldTarget?.table ?? 'computations',
    });
    res.json(
      await g(
        'update panel',
        gc().saveDashboard({
          dashboard: { ...dashboard, panels },
          folderUid: meta.folderUid,
          overwrite: false,
          message: 'Panel updated',
        }),
      ),
    );
  });
  r.delete('/dashboard/:uid/panel/:id', writer, async (req, res) => {
    const { uid: u, id } = validateParams(panelParams, req);
    const { dashboard, meta } = await g('get dashboard', gc().getDashboard(u));
    const panels = dashboard.panels ?? [];
    if (!panels.length) throw notFound('No panels found in dashboard');
    const rest = panels.filter((p) => Number(p.id) !== id);
    if (rest.length === panels.length) throw notFound('Panel not found in dashboard');
    res.json(
      await g(
        'delete panel',
        gc().saveDashboard({
          dashboard: { ...dashboard, panels: rest },
          folderUid: meta.folderUid,
          overwrite: false,
          message: 'Panel deleted',
        }),
      ),
    );
  });

  // datasources
  r.get('/datasource', async (_req, res) => {
    res.json(await g('get datasources', gc().listDatasources()));
  });
  r.post('/datasource', admin, async (req, res) => {
    const { datasourceName, ...rest } = validateBody(datasourceBody, req);
    res
      .status(201)
      .json(
        await g(
          'create datasource',
          gc().createDatasource({ ...rest, name: datasourceName, uid: randomUUID() }),
        ),
      );
  });

  // service accounts
  r.post('/serviceaccount', admin, async (req, res) => {
    const b = validateBody(serviceAccountBody, req);
    res.status(201).json(await g('create service account', gc().createServiceAccount(b)));
  });
  r.get('/serviceaccount/:id', admin, async (req, res) => {
    const { id } = validateParams(idParams, req);
    res.json(await g('get service account', gc().getServiceAccount(id)));
  });
  r.post('/serviceaccount/:id/token', admin, async (req, res) => {
    const { id } = validateParams(idParams, req);
    const b = validateBody(tokenBody, req);
    res.status(201).json(await g('create service account token', gc().createServiceAccountToken(id, b)));
  });

  // SQL builder
  r.post('/sql/build', (req: Request, res) => {
    const spec = validateBody(sqlSpecSchema, req);
    try {
      const q = buildQuery(spec);
      res.json({
        message: 'SQL query created successfully',
        query: toRawSql(q),
        text: q.text,
        values: q.values,
      });
    } catch (err) {
      if (err instanceof SqlBuilderError)
        throw new HttpError(400, 'Invalid SQL query specification', [
          { path: err.path, message: err.message },
        ]);
      throw err;
    }
  });

  r.post('/sql/parse', (req: Request, res) => {
    const { rawSql } = validateBody(sqlParseBody, req);
    try {
      res.json({ message: 'SQL query parsed successfully', sql: parseQuery(rawSql) });
    } catch (err) {
      if (err instanceof SqlParseError)
        throw new HttpError(400, 'Invalid SQL query', [{ path: 'rawSql', message: err.message }]);
      throw err;
    }
  });

  return r;
}

function normalizeDashboard(d: DashboardJson): DashboardJson {
  return {
    annotations: { list: [] },
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 0,
    links: [],
    schemaVersion: 39,
    tags: [],
    templating: { list: [] },
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    weekStart: '',
    ...d,
    id: null,
    panels: d.panels ?? [],
  };
}

function describePanel(p: Record<string, unknown>) {
  const targets = Array.isArray(p.targets) ? (p.targets as Record<string, unknown>[]) : [];
  const defaults = (p.fieldConfig as { defaults?: { displayName?: string } } | undefined)?.defaults;
  return {
    id: p.id,
    title: p.title,
    type: p.type,
    rawSql: targets[0]?.rawSql ?? null,
    displayName: defaults?.displayName ?? null,
    gridPos: p.gridPos,
  };
}
