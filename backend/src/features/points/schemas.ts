import { z } from 'zod';
import { isoDate, listPage } from '../../http/domain.js';

export const MAX_POINTS = 5000;

export const pointInput = z.object({
  agreementId: z.string({ error: 'agreementId is required' }).min(1).max(200),
  guaranteeId: z.string({ error: 'guaranteeId is required' }).min(1).max(200),
  guaranteeValue: z.number({ error: 'guaranteeValue must be a number' }).finite(),
  guaranteeResult: z.boolean({ error: 'guaranteeResult must be a boolean' }),
  timestamp: isoDate('timestamp'),
  metrics: z.record(z.string(), z.unknown(), { error: 'metrics must be an object' }).default({}),
  scope: z.record(z.string(), z.unknown(), { error: 'scope must be an object' }).default({}),
  computationGroup: z.uuid({ error: 'computationGroup must be a UUID' }).nullable().optional(),
});
export type PointInput = z.infer<typeof pointInput>;

/** `POST /points`: `{points:[…]}` or one point (wrapped, so errors read `points.0.<field>`). */
export const createBody = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && 'points' in v ? v : { points: [v] }),
  z.object({
    points: z
      .array(pointInput, { error: 'points must be an array' })
      .min(1, 'points must not be empty')
      .max(MAX_POINTS, `at most ${MAX_POINTS} points per request`),
  }),
);

export const idParams = z.object({ id: z.uuid({ error: 'Invalid point id' }) });
export const tpaParams = z.object({ tpaId: z.string().min(1).max(200) });

export const listQuery = z.object({
  agreementId: z.string().max(200).optional(),
  guaranteeId: z.string().max(200).optional(),
  from: isoDate('from').optional(),
  to: isoDate('to').optional(),
  ...listPage,
});
/** `GET /points/catalog/:tpaId`: the list's filters but the agreement (it is the path's). */
export const agreementQuery = listQuery.omit({ agreementId: true });

// ---- answers (documentation; the tests check answers against them)
export const point = z.strictObject({
  id: z.uuid(),
  agreementId: z.string(),
  guaranteeId: z.string(),
  guaranteeValue: z.number(),
  guaranteeResult: z.boolean(),
  timestamp: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  scope: z.record(z.string(), z.unknown()),
  computationGroup: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const stored = z.strictObject({ stored: z.array(point), skipped: z.number().int() });
