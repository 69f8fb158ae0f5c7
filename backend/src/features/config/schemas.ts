import { z } from 'zod';
import { listPage } from '../../http/domain.js';

const endpoint = z
  .string({ error: 'Endpoint is required' })
  .trim()
  .min(1, 'Endpoint is required')
  .max(100, 'endpoint must be at most 100 characters');

export const lookupBody = z.object({ endpoint });
export const updateBody = z
  .object({
    endpoint,
    available: z.boolean({ error: 'available must be a boolean' }),
  })
  .strict();
export const limitParams = z.object({
  limit: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'Invalid limit value')
    .transform(Number),
});

/** `GET /config`: every flag row, or one page with `?limit=&offset=`. */
export const listQuery = z.object(listPage);

/** A flag row as the API shows it (repository.ts `toConfiguration`). */
export const configuration = z.object({
  id: z.number(),
  endpoint: z.string(),
  available: z.boolean(),
  limit: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
