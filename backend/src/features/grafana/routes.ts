// /api/v1/grafana: the Grafana routes of the original (spec §3.9, addendum §5.5) through one typed
// client (services.ts). Reads need a signed-in user; writes ADMIN or DEVELOPER; datasources and
// service accounts ADMIN. Grafana's errors are reported with its status (5xx → 502) and its own
// message only — never the credentials. An answer that is not what Grafana documents (answers.ts)
// → 502 saying so; Grafana not answering at all → 503 (client.ts); no service-account token → 503.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpError, notFound } from '../../http/errors.js';
import { RequestValidationError } from '../../http/validate.js';
import { ADMIN_ONLY, route, WRITERS, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { GrafanaError, type DashboardJson, type GrafanaClient } from './client.js';
import { buildPanel, controlPanelSql, PANEL_TYPES, type GridPos, type PanelType } from './panels.js';
import { buildQuery, resolveTable, SqlBuilderError, toRawSql } from './sql-builder.js';
import { querySpecSchema, toSqlSpec, type QuerySpec } from './sql-model.js';
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
  tempDashboardBody,
  tokenBody,
  uidParams,
} from './schemas.js';

export const GRAFANA_NOT_CONNECTED =
  'Grafana is not connected: no service account token (GRAFANA_API_KEY); start the platform from STATUS Desktop, which creates it';

/** How long a temporary dashboard made with autoCleanup lives (swept at the next temp creation). */
export const TEMP_DASHBOARD_TTL_MS = 60 * 60 * 1000;
/** uid of an auto-cleaned temporary dashboard: `tmpx-<creation ms, base 36>-<random>`. */
const TEMP_UID = /^tmpx-([0-9a-z]{1,12})-[0-9a-f]{8}$/;
export const TEMP_TAGS = ['temp', 'preview'];

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

/** The raw SQL of a query specification (either form); a bad one → 400 naming `<field>.<path>`. */
function rawSql(spec: QuerySpec, field = 'sqlQuery'): string {
  try {
    return toRawSql(buildQuery(toSqlSpec(spec)));
  } catch (err) {
    if (err instanceof SqlBuilderError)
      throw new HttpError(400, `Invalid ${field}`, [{ path: `${field}.${err.path}`, message: err.message }]);
    throw err;
  }
}

/** The table a query specification reads (for the target's `table`), if it names one we know. */
function tableOf(spec: QuerySpec | undefined): string | undefined {
  if (!spec) return undefined;
  const name = 'model' in spec ? spec.model : spec.table;
  return name ? resolveTable(name) : undefined;
}

export function grafanaRoutes(s: Pick<AppServices, 'grafana' | 'logger' | 'now'>): Route[] {
  // Without the service-account token Grafana refuses every call: say so once, up front (the SQL
  // builder routes do not call Grafana).
  const gc = (): GrafanaClient => {
    if (!s.grafana.hasToken) throw new HttpError(503, GRAFANA_NOT_CONNECTED);
    return s.grafana;
  };

  /** The dashboard and its folder, with its panels (404 when it has none, if `needPanels`). */
  const dashboardOf = async (uid: string) => {
    const { dashboard, meta } = await g('get dashboard', gc().getDashboard(uid));
    return { dashboard, folderUid: meta.folderUid, panels: dashboard.panels ?? [] };
  };
  /** The dashboard's panels as `describePanel` shows them; 404 when it has none. */
  const describedPanels = async (uid: string) => {
    const { panels } = await dashboardOf(uid);
    if (!panels.length) throw notFound('No panels found in dashboard');
    return panels.map(describePanel);
  };

  /** Removes auto-cleaned temporary dashboards older than the TTL; failures are only logged. */
  async function sweepTemporary(): Promise<void> {
    try {
      const hits = await gc().search({ tag: ['temp'], type: 'dash-db', limit: 5000 });
      const old = hits.filter((h) => {
        const m = TEMP_UID.exec(h.uid);
        return m && parseInt(m[1]!, 36) + TEMP_DASHBOARD_TTL_MS < s.now();
      });
      for (const h of old) await gc().deleteDashboard(h.uid);
    } catch (err) {
      s.logger.warn({ err }, 'could not remove expired temporary Grafana dashboards');
    }
  }

  return [
    route({
      method: 'GET',
      path: '/grafana/search',
      access: 'authenticated',
      summary: 'Search Grafana dashboards and folders',
      query: searchQuery,
      handler: ({ query: q }) =>
        g(
          'search',
          gc().search({
            query: q.query,
            tag: q.tag,
            type: q.type,
            dashboardUIDs: q.dashboardUIDs,
            folderUIDs: q.folderUIDs,
            starred: q.starred === undefined ? undefined : q.starred === 'true',
            limit: !q.limit ? 1000 : Math.min(q.limit, 5000),
            page: q.page ?? 1,
          }),
        ),
    }),

    // ---- folders
    route({
      method: 'GET',
      path: '/grafana/folder',
      access: 'authenticated',
      summary: 'List Grafana folders',
      handler: () => g('get folders', gc().listFolders()),
    }),
    route({
      method: 'POST',
      path: '/grafana/folder',
      access: WRITERS,
      summary: 'Create a Grafana folder',
      body: folderBody,
      status: 201,
      handler: ({ body }) => g('create folder', gc().createFolder(body)),
    }),
    route({
      method: 'GET',
      path: '/grafana/folder/:uid',
      access: 'authenticated',
      summary: 'A Grafana folder',
      params: uidParams,
      handler: ({ params: { uid } }) => g('get folder', gc().getFolder(uid)),
    }),
    route({
      method: 'DELETE',
      path: '/grafana/folder/:uid',
      access: WRITERS,
      summary: 'Delete a Grafana folder',
      params: uidParams,
      handler: ({ params: { uid } }) => g('delete folder', gc().deleteFolder(uid)),
    }),
    route({
      method: 'GET',
      path: '/grafana/folder/:uid/dashboard',
      access: 'authenticated',
      summary: 'Dashboards of a folder (`{uid}` literally, or `root`: the root folder)',
      // `{uid}` is not a valid uid: checked here rather than by a params schema.
      params: z.object({ uid: z.string() }),
      handler: async ({ params: { uid } }) => {
        if (uid === '{uid}' || uid === 'root') {
          const all = await g('get dashboards', gc().search({ type: 'dash-db' }));
          return all.filter((d) => !d.folderUid);
        }
        const { uid: v } = parseParams(uidParams, { uid });
        return g('get dashboards', gc().search({ type: 'dash-db', folderUIDs: [v] }));
      },
    }),

    // ---- dashboards
    route({
      method: 'POST',
      path: '/grafana/dashboard',
      access: WRITERS,
      summary: 'Create or update a dashboard',
      body: dashboardBody,
      status: 201,
      handler: ({ body: b }) =>
        g(
          'create dashboard',
          gc().saveDashboard({ ...dashboardToSave(b, false), message: 'Dashboard created successfully' }),
        ),
    }),
    route({
      method: 'POST',
      path: '/grafana/dashboard/import',
      access: WRITERS,
      summary: 'Import a dashboard',
      body: dashboardBody,
      status: 201,
      handler: ({ body: b }) =>
        g('import dashboard', gc().importDashboard({ ...dashboardToSave(b, true), inputs: b.inputs ?? [] })),
    }),
    route({
      method: 'POST',
      path: '/grafana/dashboard/template',
      access: WRITERS,
      summary: 'Create a dashboard from the template',
      body: templateBody,
      status: 201,
      handler: async ({ body: b }) => {
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
        return { message: 'Dashboard template created successfully', dashboard };
      },
    }),
    route({
      method: 'POST',
      path: '/grafana/dashboard/temp',
      access: WRITERS,
      summary:
        'Create a temporary preview dashboard (tags temp, preview; in the root folder), optionally from a base dashboard and with one panel; with autoCleanup (default) it is removed after an hour',
      body: tempDashboardBody,
      status: 201,
      handler: async ({ body: b }) => {
        const now = s.now();
        const created = new Date(now).toISOString();
        const autoCleanup = b.autoCleanup !== false;
        let base: DashboardJson | undefined;
        if (b.baseDashboardUid)
          base = (await g('get base dashboard', gc().getDashboard(b.baseDashboardUid))).dashboard;
        const panels: Record<string, unknown>[] = [];
        const p = b.panelConfig;
        if (p) {
          const sql = p.sqlQuery
            ? rawSql(p.sqlQuery, 'panelConfig.sqlQuery')
            : controlPanelSql(p.type, p.controlId!);
          panels.push(
            buildPanel(p.type, {
              id: 1,
              title: p.title,
              displayName: p.displayName,
              gridPos: p.gridPos,
              rawSql: sql,
              table: p.table ?? tableOf(p.sqlQuery) ?? 'computations',
            }),
          );
        }
        const { version: _v, ...baseSettings } = base ?? {};
        const dashboard: DashboardJson = {
          ...(base ? baseSettings : normalizeDashboard({ title: '' })),
          id: null,
          uid: autoCleanup ? `tmpx-${now.toString(36)}-${randomUUID().slice(0, 8)}` : undefined,
          title: b.title ?? `Temp Preview - ${created}`,
          tags: [...new Set([...(Array.isArray(base?.tags) ? (base.tags as string[]) : []), ...TEMP_TAGS])],
          refresh: '5s',
          schemaVersion: 27,
          time: b.timeRange ?? { from: 'now-6h', to: 'now' },
          panels,
        };
        const saved = await g(
          'create temporary dashboard',
          gc().saveDashboard({
            dashboard,
            folderUid: undefined,
            overwrite: false,
            message: 'Temporary preview',
          }),
        );
        await sweepTemporary();
        return {
          message: 'Temporary dashboard created successfully',
          dashboard: saved,
          isTemporary: true,
          created,
          autoCleanup,
          expiresAt: autoCleanup ? new Date(now + TEMP_DASHBOARD_TTL_MS).toISOString() : null,
        };
      },
    }),
    route({
      method: 'GET',
      path: '/grafana/dashboard/:uid',
      access: 'authenticated',
      summary: 'A dashboard',
      params: uidParams,
      handler: ({ params: { uid } }) => g('get dashboard', gc().getDashboard(uid)),
    }),
    route({
      method: 'DELETE',
      path: '/grafana/dashboard/:uid',
      access: WRITERS,
      summary: 'Delete a dashboard',
      params: uidParams,
      handler: ({ params: { uid } }) => g('delete dashboard', gc().deleteDashboard(uid)),
    }),

    // ---- panels
    route({
      method: 'GET',
      path: '/grafana/dashboard/:uid/panel',
      access: 'authenticated',
      summary: 'Panels of a dashboard',
      params: uidParams,
      handler: ({ params: { uid } }) => describedPanels(uid),
    }),
    route({
      method: 'POST',
      path: '/grafana/dashboard/:uid/panel',
      access: WRITERS,
      summary: `Add a panel (${PANEL_TYPES.join(', ')}) from a query specification (the builder's or {model, operation, options}) or for a control`,
      params: uidParams,
      body: panelBody,
      status: 201,
      handler: async ({ params: { uid }, body: b }) => {
        const sql = b.sqlQuery ? rawSql(b.sqlQuery) : controlPanelSql(b.type, b.controlId!);
        const { dashboard, folderUid, panels } = await dashboardOf(uid);
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
            folderUid,
            overwrite: false,
            message: 'Panel added successfully',
          }),
        );
        return {
          panelId: id,
          title: b.title,
          type: b.type,
          rawSql: sql,
          displayName: b.displayName ?? b.title,
          gridPos: b.gridPos,
          ...saved,
        };
      },
    }),
    route({
      method: 'GET',
      path: '/grafana/dashboard/:uid/panel/query',
      access: 'authenticated',
      summary: 'The SQL of every panel of a dashboard',
      params: uidParams,
      handler: async ({ params: { uid } }) => {
        return (await describedPanels(uid)).map((p) => ({
          id: p.id,
          title: p.title,
          displayName: p.displayName,
          rawSql: p.rawSql,
          type: p.type,
        }));
      },
    }),
    route({
      method: 'GET',
      path: '/grafana/dashboard/:uid/panel/:id/query',
      access: 'authenticated',
      summary: 'The SQL of a panel',
      params: panelParams,
      handler: async ({ params: { uid, id } }) => {
        const { panels } = await dashboardOf(uid);
        const panel = panels.find((p) => Number(p.id) === id);
        if (!panel) throw notFound('Panel not found in dashboard');
        return describePanel(panel);
      },
    }),
    route({
      method: 'PATCH',
      path: '/grafana/dashboard/:uid/panel/:id',
      access: WRITERS,
      summary: 'Update a panel (omitted fields are kept; a new type rebuilds it from that template)',
      params: panelParams,
      body: panelPatchBody,
      handler: async ({ params: { uid, id }, body: b }) => {
        const { dashboard, folderUid, panels } = await dashboardOf(uid);
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
          gridPos: b.gridPos ?? (old.gridPos as GridPos),
          rawSql: b.sqlQuery ? rawSql(b.sqlQuery) : String(old.rawSql ?? ''),
          table: b.table ?? tableOf(b.sqlQuery) ?? oldTarget?.table ?? 'computations',
        });
        return g(
          'update panel',
          gc().saveDashboard({
            dashboard: { ...dashboard, panels },
            folderUid,
            overwrite: false,
            message: 'Panel updated',
          }),
        );
      },
    }),
    route({
      method: 'DELETE',
      path: '/grafana/dashboard/:uid/panel/:id',
      access: WRITERS,
      summary: 'Delete a panel',
      params: panelParams,
      handler: async ({ params: { uid, id } }) => {
        const { dashboard, folderUid, panels } = await dashboardOf(uid);
        if (!panels.length) throw notFound('No panels found in dashboard');
        const rest = panels.filter((p) => Number(p.id) !== id);
        if (rest.length === panels.length) throw notFound('Panel not found in dashboard');
        return g(
          'delete panel',
          gc().saveDashboard({
            dashboard: { ...dashboard, panels: rest },
            folderUid,
            overwrite: false,
            message: 'Panel deleted',
          }),
        );
      },
    }),

    // ---- datasources
    route({
      method: 'GET',
      path: '/grafana/datasource',
      access: 'authenticated',
      summary: 'List Grafana datasources',
      handler: () => g('get datasources', gc().listDatasources()),
    }),
    route({
      method: 'POST',
      path: '/grafana/datasource',
      access: ADMIN_ONLY,
      summary: 'Create a Grafana datasource (ADMIN)',
      body: datasourceBody,
      status: 201,
      handler: ({ body: { datasourceName, ...rest } }) =>
        g('create datasource', gc().createDatasource({ ...rest, name: datasourceName, uid: randomUUID() })),
    }),

    // ---- service accounts
    route({
      method: 'POST',
      path: '/grafana/serviceaccount',
      access: ADMIN_ONLY,
      summary: 'Create a Grafana service account (ADMIN)',
      body: serviceAccountBody,
      status: 201,
      handler: ({ body }) => g('create service account', gc().createServiceAccount(body)),
    }),
    route({
      method: 'GET',
      path: '/grafana/serviceaccount/:id',
      access: ADMIN_ONLY,
      summary: 'A Grafana service account (ADMIN)',
      params: idParams,
      handler: ({ params: { id } }) => g('get service account', gc().getServiceAccount(id)),
    }),
    route({
      method: 'POST',
      path: '/grafana/serviceaccount/:id/token',
      access: ADMIN_ONLY,
      summary: 'Create a service account token (ADMIN)',
      params: idParams,
      body: tokenBody,
      status: 201,
      handler: ({ params: { id }, body }) =>
        g('create service account token', gc().createServiceAccountToken(id, body)),
    }),

    // ---- SQL builder (never calls Grafana, never runs the query)
    route({
      method: 'POST',
      path: '/grafana/sql/build',
      access: 'authenticated',
      summary:
        "Build a parameterized SQL query over the allow-listed tables, from the builder's object or the original's {model, operation, options}",
      body: querySpecSchema,
      handler: ({ body }) => {
        try {
          const q = buildQuery(toSqlSpec(body));
          return {
            message: 'SQL query created successfully',
            query: toRawSql(q),
            text: q.text,
            values: q.values,
          };
        } catch (err) {
          if (err instanceof SqlBuilderError)
            throw new HttpError(400, 'Invalid SQL query specification', [
              { path: err.path, message: err.message },
            ]);
          throw err;
        }
      },
    }),
    route({
      method: 'POST',
      path: '/grafana/sql/parse',
      access: 'authenticated',
      summary: 'Parse a query the SQL builder produced back into its specification (never executed)',
      body: sqlParseBody,
      handler: ({ body: { rawSql: sql } }) => {
        try {
          return { message: 'SQL query parsed successfully', sql: parseQuery(sql) };
        } catch (err) {
          if (err instanceof SqlParseError)
            throw new HttpError(400, 'Invalid SQL query', [{ path: 'rawSql', message: err.message }]);
          throw err;
        }
      },
    }),
  ];
}

/** Validates the path inside a handler (the same 400 naming the field as the mount's). */
function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const err = new RequestValidationError(r.error.issues);
  err.where = 'params';
  throw err;
}

/** A dashboard body as Grafana's save and import take it; `overwrite` unless the body says. */
function dashboardToSave(b: z.output<typeof dashboardBody>, overwrite: boolean) {
  return {
    dashboard: normalizeDashboard(b.dashboard),
    folderUid: b.folderUid ?? undefined,
    overwrite: b.overwrite ?? overwrite,
  };
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
