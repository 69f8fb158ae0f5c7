import { z } from 'zod';
import { listPage, serialId } from '../../http/domain.js';

export const SECRET_TYPES = ['API_KEY', 'TOKEN', 'PASSWORD', 'OTHER'] as const;

/** Normalized as the original: lower case, whitespace runs → `_`. */
const name = z
  .string({ error: 'Name must be a string' })
  .trim()
  .min(1, 'name is required')
  .max(100, 'name must be at most 100 characters')
  .transform((s) => s.toLowerCase().replace(/\s+/g, '_'));
const type = z.enum(SECRET_TYPES, { error: `type must be one of ${SECRET_TYPES.join(', ')}` });
const environment = z
  .string({ error: 'environment must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,20}$/, 'environment must be 1-20 letters, digits, _ or -');
const value = z
  .string({ error: 'Secret value is required.' })
  .max(64 * 1024, 'value must be at most 64 KiB')
  .refine((v) => v.trim().length > 0, 'Secret value cannot be an empty string or whitespace.');

export const createBody = z
  .object({ name, type: type.default('OTHER'), environment: environment.default('production'), value })
  .strict();
export const updateBody = z
  .object({
    name: name.optional(),
    type: type.optional(),
    environment: environment.optional(),
    value: value.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'No valid fields provided for update.',
    path: ['(root)'],
  });
export const idParams = z.object({ id: serialId('id') });
/** `GET /secrets`: every secret of the caller, or one page with `?limit=&offset=`. */
export const listQuery = z.object(listPage);

/** A secret as the API shows it (repository.ts `toSecret`): the value is always the mask. */
export const secret = z.object({
  id: z.number(),
  name: z.string(),
  type: z.enum(SECRET_TYPES),
  environment: z.string(),
  createdBy: z.string(),
  version: z.number(),
  rotatedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  value: z.literal('********'),
});
