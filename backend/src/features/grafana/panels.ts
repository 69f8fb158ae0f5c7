// Panel templates on the provisioned PostgreSQL datasource (uid status-postgres; the original used
// MySQL and a gauge only): gauge, stat, time series, table, bar gauge, pie chart and bar chart.
// Compliance is a percentage (0–100) with the original's red/orange/yellow/green steps.
// controlPanelSql() is the query of a panel created from a control page: the control's
// computations in the dashboard's time range.
export const PANEL_TYPES = [
  'gauge',
  'stat',
  'timeseries',
  'table',
  'bargauge',
  'piechart',
  'barchart',
] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

/**
 * The names of the original's panel templates (src/utils/panels: graph, pie, bar) and other
 * spellings clients send → our Grafana panel types. Grafana itself migrates `graph` to `timeseries`.
 */
export const PANEL_TYPE_ALIASES: Readonly<Record<string, PanelType>> = {
  graph: 'timeseries',
  pie: 'piechart',
  bar: 'barchart',
  barChart: 'barchart',
  pieChart: 'piechart',
  barGauge: 'bargauge',
  timeSeries: 'timeseries',
};

/** A client's type name in our spelling (unknown names are returned as they are). */
export function canonicalPanelType(t: unknown): unknown {
  return typeof t === 'string' && Object.hasOwn(PANEL_TYPE_ALIASES, t) ? PANEL_TYPE_ALIASES[t] : t;
}

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

/**
 * A panel of `type` showing the query `o.rawSql` (one target, `format` rows), with the type's field
 * defaults and options.
 */
function panel(
  type: PanelType,
  o: PanelInput,
  format: 'table' | 'time_series',
  defaults: Record<string, unknown>,
  options: Record<string, unknown>,
): Record<string, unknown> {
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
    fieldConfig: { defaults, overrides: [] },
    options,
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

/** Gauge, stat and bar gauge: one percentage, the query's last value; `look` is the type's own options. */
const percentPanel = (type: PanelType, o: PanelInput, look: Record<string, unknown>) =>
  panel(type, o, 'table', percentDefaults(o), { reduceOptions: reduceLast, ...look });

export function buildPanel(type: PanelType, o: PanelInput): Record<string, unknown> {
  switch (type) {
    case 'gauge':
      return percentPanel('gauge', o, { showThresholdLabels: true, showThresholdMarkers: true });
    case 'stat':
      return percentPanel('stat', o, {
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        textMode: 'value',
        orientation: 'auto',
      });
    case 'bargauge':
      return percentPanel('bargauge', o, {
        displayMode: 'gradient',
        orientation: 'horizontal',
        showUnfilled: true,
        valueMode: 'color',
      });
    case 'timeseries':
      return panel(
        'timeseries',
        o,
        'time_series',
        {
          ...percentDefaults(o),
          custom: { drawStyle: 'line', lineInterpolation: 'stepAfter', fillOpacity: 10, showPoints: 'auto' },
          thresholds: { ...percentSteps, mode: 'absolute' },
        },
        { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'single' } },
      );
    case 'table':
      return panel(
        'table',
        o,
        'table',
        { displayName: o.displayName },
        { showHeader: true, cellHeight: 'sm', footer: { show: false } },
      );
    case 'piechart':
      // One slice per row (a label column and a count column), e.g. passing vs failing computations.
      return panel(
        'piechart',
        o,
        'table',
        {
          ...(o.displayName ? { displayName: o.displayName } : {}),
          unit: 'short',
          decimals: 0,
          color: { mode: 'palette-classic' },
          custom: { hideFrom: { legend: false, tooltip: false, viz: false } },
        },
        {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
          pieType: 'donut',
          displayLabels: ['name', 'percent'],
          legend: {
            displayMode: 'table',
            placement: 'right',
            showLegend: true,
            values: ['value', 'percent'],
          },
          tooltip: { mode: 'single', sort: 'none' },
        },
      );
    case 'barchart':
      // One bar per row: the first string or time column is the axis, numbers are the bars.
      return panel(
        'barchart',
        o,
        'table',
        {
          ...percentDefaults(o),
          color: { mode: 'thresholds' },
          custom: { fillOpacity: 80, gradientMode: 'none', lineWidth: 1, axisPlacement: 'auto' },
        },
        {
          orientation: 'auto',
          showValue: 'auto',
          stacking: 'none',
          groupWidth: 0.7,
          barWidth: 0.9,
          xTickLabelRotation: 0,
          xTickLabelSpacing: 0,
          legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
          tooltip: { mode: 'single', sort: 'none' },
        },
      );
  }
}

/** Kept for callers of the original template. */
export const gaugePanel = (o: PanelInput) => buildPanel('gauge', o);

/**
 * The query of a panel made for one control: a percentage for gauge/stat/bar gauge (share of passing
 * computations in the time range), one point per computation (100 pass / 0 fail) for a time series,
 * the latest computations with their evidences for a table, passing vs failing computations for a
 * pie chart, and the compliance of each day for a bar chart. `controlId` is an integer from
 * validated input, so it can be written into the SQL (Grafana's raw SQL cannot bind parameters).
 */
export function controlPanelSql(type: PanelType, controlId: number): string {
  if (!Number.isSafeInteger(controlId) || controlId < 1)
    throw new Error('controlId must be a positive integer');
  const where = `control_id = ${controlId} AND $__timeFilter(created_at)`;
  switch (type) {
    case 'timeseries':
      return `SELECT created_at AS "time", CASE WHEN value THEN 100 ELSE 0 END AS "compliance" FROM computations WHERE ${where} ORDER BY created_at`;
    case 'piechart':
      return `SELECT CASE WHEN value THEN 'pass' ELSE 'fail' END AS "result", count(*) AS "computations" FROM computations WHERE ${where} GROUP BY 1 ORDER BY 1 DESC`;
    case 'barchart':
      return `SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS "day", 100.0 * avg(CASE WHEN value THEN 1 ELSE 0 END) AS "compliance" FROM computations WHERE ${where} GROUP BY 1 ORDER BY 1`;
    case 'table':
      return `SELECT created_at AS "time", CASE WHEN value THEN 'pass' ELSE 'fail' END AS "result", scope::text AS "scope", jsonb_array_length(evidences) AS "evidences", evidences::text AS "evidence details" FROM computations WHERE ${where} ORDER BY created_at DESC LIMIT 100`;
    default:
      return `SELECT COALESCE(100.0 * avg(CASE WHEN value THEN 1 ELSE 0 END), 0) AS "compliance" FROM computations WHERE ${where}`;
  }
}
