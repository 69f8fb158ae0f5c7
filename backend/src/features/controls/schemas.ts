import { z } from 'zod';
import { isoDate, listPage, serialId } from '../../http/domain.js';
import { name, publishStatus, STATUSES } from '../catalogs/schemas.js';
import { PERIODS } from './periods.js';

const period = z.enum(PERIODS, { error: `period must be one of ${PERIODS.join(', ')}` });
const params = z.record(z.string(), z.unknown(), { error: 'params must be an object' });
const mashupId = z.string({ error: 'mashupId must be a string' }).max(64, 'mashupId is too long');
const description = z.string({ error: 'description must be a string' }).max(10_000);

/** A finalized control needs `params.endpoint` (the Node-RED flow path) and `params.threshold`. */
export const finalParams = z
  .object(
    {
      endpoint: z
        .string({ error: 'params.endpoint is required (the Node-RED flow path)' })
        .min(1, 'params.endpoint is required'),
      threshold: z.union([z.number(), z.string().min(1)], { error: 'params.threshold is required' }),
    },
    { error: 'params must be an object' },
  )
  .loose();

export function missingFinalParams(p: unknown): string[] {
  const r = finalParams.safeParse(p);
  return r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0] ?? 'params')))];
}

export const idParams = z.object({ id: serialId('id') });
export const catalogIdParams = z.object({ catalogId: serialId('catalogId') });
export const controlIdParams = z.object({ controlId: serialId('controlId') });
export const panelParams = z.object({
  id: serialId('id'),
  panelId: z.string().min(1).max(255, 'panelId is too long'),
});
export const dayParams = z.object({
  controlId: serialId('controlId'),
  createdAt: isoDate('createdAt'),
});

export const listQuery = z.object({
  catalogId: serialId('catalogId').optional(),
  status: publishStatus.optional(),
  ...listPage,
});
export const pageQuery = z.object(listPage);

/** A draft may leave out its period (MONTHLY) and its params. */
const draftFields = {
  name,
  catalogId: z.coerce
    .number({ error: 'catalogId is required' })
    .int('catalogId must be an integer')
    .positive('catalogId must be positive'),
  description: description.optional(),
  startDate: isoDate('startDate').optional(),
  endDate: isoDate('endDate').nullable().optional(),
  period: period.optional(),
  mashupId: mashupId.optional(),
  params: params.optional(),
};
export const createDraftBody = z.object(draftFields).strict();
/** A finalized control: the same fields (same order), with a period and params that can run. */
export const createBody = z.object({ ...draftFields, period, params: finalParams }).strict();

export const updateBody = z
  .object({
    name: name.optional(),
    catalogId: z.coerce
      .number()
      .int('catalogId must be an integer')
      .positive('catalogId must be positive')
      .optional(),
    description: description.nullable().optional(),
    startDate: isoDate('startDate').nullable().optional(),
    endDate: isoDate('endDate').nullable().optional(),
    period: period.optional(),
    mashupId: mashupId.nullable().optional(),
    params: params.optional(),
    status: publishStatus.optional(),
  })
  .strict();

export const panelBody = z
  .object({ dashboardUid: z.string({ error: 'dashboardUid is required' }).min(1).max(255) })
  .strict();

// ---- answers (documentation; the tests check answers against them)
const isoString = z.string();
export const control = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  period: z.enum(PERIODS),
  startDate: isoString.nullable(),
  endDate: isoString.nullable(),
  mashupId: z.string().nullable(),
  catalogId: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(STATUSES),
  lastRunAt: isoString.nullable(),
  createdAt: isoString,
  updatedAt: isoString,
});
export const panel = z.strictObject({
  uid: z.uuid(),
  id: z.string().nullable(),
  dashboardUid: z.string().nullable(),
  controlId: z.number().int().nullable(),
});
export const panelAdded = z.strictObject({ message: z.string(), data: panel });
