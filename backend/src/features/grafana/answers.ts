// What Grafana answers, as zod schemas: every answer the backend relays or reads is checked before
// use, so a Grafana (or a proxy in front of it) answering something unexpected becomes one clear
// 502 instead of a crash here or in the browser (the Dashboards page once died on "e.map is not a
// function" when the search answered an object). Objects are loose: Grafana adds fields over time.
import { z } from 'zod';

const str = z.string();
const optStr = z.string().nullish();

export const folderAnswer = z.looseObject({ uid: str, title: str, parentUid: optStr });
export const foldersAnswer = z.array(folderAnswer);
export const searchHitAnswer = z.looseObject({ uid: str, title: str, type: str, folderUid: optStr });
export const searchAnswer = z.array(searchHitAnswer);
export const dashboardJsonAnswer = z.looseObject({
  id: z.number().nullish(),
  uid: z.string().optional(),
  title: str,
  panels: z.array(z.looseObject({})).optional(),
  version: z.number().optional(),
});
export const dashboardWithMetaAnswer = z.looseObject({
  meta: z.looseObject({ folderUid: optStr }),
  dashboard: dashboardJsonAnswer,
});
export const saveDashboardAnswer = z.looseObject({
  id: z.number(),
  uid: str,
  url: str,
  status: str,
  version: z.number(),
  slug: z.string().optional(),
});
/** Deletes and other acknowledgements: an object, usually with a message. */
export const messageAnswer = z.looseObject({ message: z.string().optional(), title: z.string().optional() });
export const objectAnswer = z.looseObject({});
export const datasourcesAnswer = z.array(z.looseObject({}));
export const serviceAccountAnswer = z.looseObject({ id: z.number(), name: str });
export const tokenAnswer = z.looseObject({ id: z.number(), name: str, key: str });

/** Grafana's health endpoint (GET /api/health), used by /health/platform. */
export const healthAnswer = z.looseObject({
  database: z.string().optional(),
  version: z.string().optional(),
});

/** "Grafana answered <what> with something that is not <expected>" for one failed check. */
export function shapeMessage(what: string, schema: z.ZodType, got: unknown): string {
  const isList = schema instanceof z.ZodArray;
  const isObject = got !== null && typeof got === 'object' && !Array.isArray(got);
  if (isList && !Array.isArray(got)) return `Grafana answered ${what} with something that is not a list`;
  if (!isList && !isObject) return `Grafana answered ${what} with something that is not an object`;
  const r = schema.safeParse(got);
  const issue = r.success ? undefined : r.error.issues[0];
  const where = issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : '';
  return `Grafana answered ${what} with an unexpected shape${where}`;
}

export type Folder = z.infer<typeof folderAnswer>;
export type SearchHit = z.infer<typeof searchHitAnswer>;
export type DashboardJson = z.infer<typeof dashboardJsonAnswer>;
export type DashboardWithMeta = z.infer<typeof dashboardWithMetaAnswer>;
export type SaveDashboardResult = z.infer<typeof saveDashboardAnswer>;
