import { z } from 'zod';
import { isoDate, listPage, serialId } from '../../http/domain.js';

export const MAX_BULK = 5000;

const evidence = z.record(z.string(), z.unknown(), { error: 'each evidence must be an object' });

export const computationInput = z.object({
  computationGroup: z.uuid({ error: 'computationGroup must be a UUID' }),
  controlId: z.coerce.number().int('controlId must be an integer').positive().nullable().optional(),
  value: z.boolean({ error: 'value must be a boolean' }).nullable().optional(),
  scope: z.record(z.string(), z.unknown(), { error: 'scope must be an object' }).default({}),
  evidences: z.array(evidence, { error: 'evidences must be an array' }).max(100_000).default([]),
  period: z
    .object(
      {
        from: isoDate('period.from').nullable().optional(),
        to: isoDate('period.to').nullable().optional(),
      },
      { error: 'period must be an object {from, to}' },
    )
    .loose()
    .nullable()
    .optional(),
});
export type ComputationInput = z.infer<typeof computationInput>;

/** `{computations:[…], done}` as the original; a bare array is accepted as `{computations}`. */
export const bulkBody = z.preprocess(
  (v) => (Array.isArray(v) ? { computations: v } : v),
  z.object({
    computations: z
      .array(computationInput, { error: 'computations must be an array' })
      .min(1, 'computations must not be empty')
      .max(MAX_BULK, `at most ${MAX_BULK} computations per request`),
    done: z.boolean({ error: 'done must be a boolean' }).optional(),
  }),
);

export const groupParams = z.object({ id: z.uuid({ error: 'id must be a computationGroup UUID' }) });
export const listQuery = z.object({
  controlId: serialId('controlId').optional(),
  computationGroup: z.uuid({ error: 'computationGroup must be a UUID' }).optional(),
  ...listPage,
});

// ---- answers (documentation; the tests check answers against them)
export const computation = z.strictObject({
  id: z.uuid(),
  computationGroup: z.uuid().nullable(),
  value: z.boolean().nullable(),
  scope: z.record(z.string(), z.unknown()),
  evidences: z.array(z.record(z.string(), z.unknown())),
  period: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  controlId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** The poll's answer once the group is finished: the original's compliance summary. */
export const pollAnswer = z.strictObject({
  code: z.literal(200),
  message: z.literal('OK'),
  computations: z.array(
    z.strictObject({
      id: z.uuid().nullable(),
      value: z.number(),
      scope: z.record(z.string(), z.unknown()),
      evidences: z.array(computation),
      period: computation.shape.period,
      controlId: z.number().int().nullable(),
    }),
  ),
});
