// Request schemas of /api/v1/grafana (routes.ts declares them; the docs derive from them).
import { z } from 'zod';
import { canonicalPanelType, PANEL_TYPE_ALIASES, PANEL_TYPES, type PanelType } from './panels.js';
import { querySpecSchema } from './sql-model.js';

export const uid = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'uid must be 1-40 letters, digits, - or _');
export const uidParams = z.object({ uid });
export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const csv = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : undefined,
  );
export const searchQuery = z.object({
  query: z.string().max(200).optional(),
  tag: csv,
  type: z.enum(['dash-db', 'dash-folder']).optional(),
  dashboardUIDs: csv,
  folderUIDs: csv,
  starred: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(0).optional(),
  page: z.coerce.number().int().min(1).optional(),
});
export const folderBody = z.object({
  title: z.string().min(1).max(200),
  uid: uid.optional(),
  parentUid: uid.optional(),
  description: z.string().max(2000).optional(),
});
export const dashboardBody = z.object({
  dashboard: z.looseObject({
    title: z.string().min(1).max(200),
    panels: z.array(z.looseObject({})).optional(),
  }),
  folderUid: uid.nullish(),
  overwrite: z.boolean().optional(),
  inputs: z.array(z.unknown()).optional(),
});
export const templateBody = z.object({
  name: z.string().max(200).optional(),
  folderId: uid.nullish(),
  startDate: z.coerce.date().optional(),
  endDate: z.coerce.date().optional(),
});
export const datasourceBody = z.object({
  datasourceName: z.string().min(1).max(190),
  type: z.string().min(1).max(100),
  url: z.string().max(500).optional(),
  access: z.enum(['proxy', 'direct']).optional(),
  database: z.string().max(200).optional(),
  user: z.string().max(200).optional(),
  basicAuth: z.boolean().optional(),
  isDefault: z.boolean().optional(),
  jsonData: z.record(z.string(), z.unknown()).optional(),
  secureJsonData: z.record(z.string(), z.string()).optional(),
});
export const serviceAccountBody = z.object({
  name: z.string().min(1).max(190),
  role: z.enum(['Viewer', 'Editor', 'Admin', 'None']),
});
export const tokenBody = z.object({
  name: z.string().min(1).max(190),
  secondsToLive: z.number().int().min(0).optional(),
});
export const gridPos = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  w: z.number().int().min(1),
  h: z.number().int().min(1),
});
/** A panel type; the original's template names (graph, pie, bar) are accepted for theirs. */
const panelType = z.preprocess(
  canonicalPanelType,
  z.enum(PANEL_TYPES, { error: `type must be one of ${PANEL_TYPES.join(', ')}` }),
) as unknown as z.ZodType<PanelType, PanelType | keyof typeof PANEL_TYPE_ALIASES>;
/**
 * A panel from a query specification (`sqlQuery`: the builder's object or the original's
 * `{model, operation, options}`), or for one control (`controlId`: its computations).
 */
export const panelBody = z
  .object({
    title: z.string().min(1).max(200),
    type: panelType.default('gauge'),
    sqlQuery: querySpecSchema.optional(),
    controlId: z.number().int().positive().optional(),
    table: z.string().max(100).default('computations'),
    displayName: z.string().max(200).optional(),
    gridPos: gridPos.default({ x: 0, y: 0, w: 12, h: 8 }),
  })
  .refine((b) => b.sqlQuery !== undefined || b.controlId !== undefined, {
    message: 'give sqlQuery (a query specification) or controlId (a panel of that control)',
    path: ['sqlQuery'],
  });
export const panelPatchBody = z.object({
  title: z.string().min(1).max(200).optional(),
  type: panelType.optional(),
  sqlQuery: querySpecSchema.optional(),
  table: z.string().max(100).optional(),
  displayName: z.string().max(200).optional(),
  gridPos: gridPos.optional(),
});
export const panelParams = z.object({ uid, id: z.coerce.number().int().min(0) });

/** The one panel of a temporary (preview) dashboard: as a panel, with the original's defaults. */
export const tempPanelConfig = z
  .object({
    type: panelType.default('gauge'),
    title: z.string().min(1).max(200).default('Preview'),
    gridPos: gridPos.default({ x: 0, y: 0, w: 24, h: 15 }),
    displayName: z.string().max(200).optional(),
    sqlQuery: querySpecSchema.optional(),
    controlId: z.number().int().positive().optional(),
    table: z.string().max(100).optional(),
  })
  .refine((b) => b.sqlQuery !== undefined || b.controlId !== undefined, {
    message: 'give sqlQuery (a query specification) or controlId (a panel of that control)',
    path: ['sqlQuery'],
  });
/** POST /grafana/dashboard/temp (spec addendum §5.5). */
export const tempDashboardBody = z.object({
  panelConfig: tempPanelConfig.optional(),
  title: z.string().min(1).max(200).optional(),
  baseDashboardUid: uid.optional(),
  timeRange: z.object({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) }).optional(),
  autoCleanup: z.boolean().optional(),
});
