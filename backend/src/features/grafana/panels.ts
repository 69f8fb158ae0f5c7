// The gauge panel template (spec §5.2), on the PostgreSQL datasource instead of the original's MySQL.
export const PANEL_TYPES = ['gauge'] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function gaugePanel(o: {
  id: number;
  title: string;
  displayName?: string;
  gridPos: GridPos;
  rawSql: string;
  table: string;
}): Record<string, unknown> {
  return {
    id: o.id,
    type: 'gauge',
    title: o.title,
    pluginVersion: '11.2.1',
    datasource: { type: 'grafana-postgresql-datasource' },
    fieldConfig: {
      defaults: {
        min: 0,
        max: 100,
        decimals: 1,
        displayName: o.displayName ?? o.title,
        unit: 'percent',
        thresholds: {
          mode: 'percentage',
          steps: [
            { color: 'red', value: null },
            { color: 'orange', value: 50 },
            { color: 'yellow', value: 70 },
            { color: 'green', value: 80 },
          ],
        },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      showThresholdLabels: true,
      showThresholdMarkers: true,
    },
    gridPos: o.gridPos,
    targets: [
      { refId: 'A', format: 'table', rawQuery: true, editorMode: 'code', rawSql: o.rawSql, table: o.table },
    ],
  };
}
