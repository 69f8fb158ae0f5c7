import { z } from 'zod';
import { listPage, serialId } from '../../http/domain.js';

/** The original's normalization: lower case, whitespace runs → `_`; then only [a-z0-9_]. */
export const scopeName = z
  .string({ error: 'Name must be a string' })
  .trim()
  .min(1, 'name is required')
  .max(100, 'name must be at most 100 characters')
  .transform((s) => s.toLowerCase().replace(/\s+/g, '_'))
  .refine((s) => /^[a-z0-9_]+$/.test(s), 'name may contain only letters, digits, spaces and _');

const text = (f: string, max: number) => z.string({ error: `${f} must be a string` }).max(max);

export const createScopeBody = z
  .object({
    name: scopeName,
    description: text('description', 10_000).default(''),
    type: text('type', 30).min(1, 'type must not be empty').default('string'),
    default: text('default', 10_000).default(''),
  })
  .strict();

export const updateScopeBody = z
  .object({
    name: scopeName.optional(),
    description: text('description', 10_000).optional(),
    type: text('type', 30).min(1, 'type must not be empty').optional(),
    default: text('default', 10_000).optional(),
  })
  .strict();

export const scopeIdParams = z.object({ id: z.uuid({ error: 'Invalid UUID for parameter: id' }) });
export const setIdParams = z.object({ id: serialId('id') });
export const controlIdParams = z.object({ controlId: serialId('controlId') });
export const pageQuery = z.object(listPage);
export const setsQuery = z.object({ controlId: serialId('controlId').optional(), ...listPage });

/** A scope set: one combination of scope values of a control, e.g. {country: 'Spain'}. */
const scopesMap = z.record(z.string().min(1).max(100), z.union([z.string(), z.number(), z.boolean()]), {
  error: 'scopes must be an object of scope name → value',
});
const controlId = z.coerce
  .number({ error: 'controlId must be a number' })
  .int('controlId must be an integer')
  .positive('controlId must be positive');

export const createSetBody = z.object({ controlId, scopes: scopesMap.default({}) }).strict();
export const updateSetBody = z
  .object({ controlId: controlId.optional(), scopes: scopesMap.optional() })
  .strict();

// ---- answers (documentation; the tests check answers against them)
export const scope = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  type: z.string(),
  default: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const scopeSet = z.strictObject({
  id: z.number().int(),
  _id: z.string(),
  controlId: z.number().int(),
  scopes: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
