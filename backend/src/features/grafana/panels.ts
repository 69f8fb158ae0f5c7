// Panel templates on the provisioned PostgreSQL datasource (uid status-postgres; the original used
// MySQL and a gauge only): gauge, stat, time series, table and bar gauge. Compliance is a percentage
// (0–100) with the original's red/orange/yellow/green steps. controlPanelSql() is the query of a
// panel created from a control page: the control's computations in the dashboard's time range.
export const PANEL_TYPES = ['gauge', 'stat', 'timeseries', 'table', 'bargauge'] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

export const STATUS_DATASOURCE = { type: 'grafana-postgresql-datasource', uid: 'status-postgres' };

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelInput {
  id: number;
  title: string;
  displayName?: string;
  gridPos: GridPos;
  rawSql: string;
  table: string;
}

const percentSteps = {
  mode: 'percentage',
  steps: [
    { color: 'red', value: null },
    { color: 'orange', value: 50 },
    { color: 'yellow', value: 70 },
    { color: 'green', value: 80 },
  ],
};
const reduceLast = { calcs: ['lastNotNull'], fields: '', values: false };

function base(type: PanelType, o: PanelInput, format: 'table' | 'time_series') {
  return {
    id: o.id,
    type,
    title: o.title,
    pluginVersion: '11.2.1',
    datasource: STATUS_DATASOURCE,
    gridPos: o.gridPos,
    targets: [
      {
        refId: 'A',
        datasource: STATUS_DATASOURCE,
        format,
        rawQuery: true,
        editorMode: 'code',
        rawSql: o.rawSql,
        table: o.table,
      },
    ],
  };
}

function percentDefaults(o: PanelInput) {
  return {
    min: 0,
    max: 100,
    decimals: 1,
    displayName: o.displayName ?? o.title,
    unit: 'percent',
    thresholds: percentSteps,
  };
}

export function buildPanel(type: PanelType, o: PanelInput): Record<string, unknown> {
  switch (type) {
    case 'gauge':
      return {
        ...base('gauge', o, 'table'),
        fieldConfig: { defaults: percentDefaults(o), overrides: [] },
        options: { reduceOptions: reduceLast, showThresholdLabels: true, showThresholdMarkers: true },
      };
    case 'stat':
      return {
        ...base('stat', o, 'table'),
        fieldConfig: { defaults: percentDefaults(o), overrides: [] },
        options: {
          reduceOptions: reduceLast,
          colorMode: 'background',
          graphMode: 'area',
          justifyMode: 'auto',
          textMode: 'value',
          orientation: 'auto',
        },
      };
    case 'bargauge':
      return {
        ...base('bargauge', o, 'table'),
        fieldConfig: { defaults: percentDefaults(o), overrides: [] },
        options: {
          reduceOptions: reduceLast,
          displayMode: 'gradient',
          orientation: 'horizontal',
          showUnfilled: true,
          valueMode: 'color',
        },
      };
    case 'timeseries':
      return {
        ...base('timeseries', o, 'time_series'),
        fieldConfig: {
          defaults: {
            ...percentDefaults(o),
            custom: {
              drawStyle: 'line',
              lineInterpolation: 'stepAfter',
              fillOpacity: 10,
              showPoints: 'auto',
            },
            thresholds: { ...percentSteps, mode: 'absolute' },
          },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'single' } },
      };
    case 'table':
      return {
        ...base('table', o, 'table'),
        fieldConfig: { defaults: { displayName: o.displayName }, overrides: [] },
        options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
      };
  }
}

/** Kept for callers of the original template. */
export const gaugePanel = (o: PanelInput) => buildPanel('gauge', o);

/**
 * The query of a panel made for one control: a percentage for gauge/stat/bar gauge (share of passing
 * computations in the time range), one point per computation (100 pass / 0 fail) for a time series,
 * and the latest computations with their evidences for a table. `controlId` is an integer from
 * validated input, so it can be written into the SQL (Grafana's raw SQL cannot bind parameters).
 */
export function controlPanelSql(type: PanelType, controlId: number): string {
  if (!Number.isSafeInteger(controlId) || controlId < 1)
    throw new Error('controlId must be a positive integer');
  const where = `control_id = ${controlId} AND $__timeFilter(created_at)`;
  switch (type) {
    case 'timeseries':
      return `SELECT created_at AS "time", CASE WHEN value THEN 100 ELSE 0 END AS "compliance" FROM computations WHERE ${where} ORDER BY created_at`;
    case 'table':
      return `SELECT created_at AS "time", CASE WHEN value THEN 'pass' ELSE 'fail' END AS "result", scope::text AS "scope", jsonb_array_length(evidences) AS "evidences", evidences::text AS "evidence details" FROM computations WHERE ${where} ORDER BY created_at DESC LIMIT 100`;
    default:
      return `SELECT COALESCE(100.0 * avg(CASE WHEN value THEN 1 ELSE 0 END), 0) AS "compliance" FROM computations WHERE ${where}`;
  }
}
