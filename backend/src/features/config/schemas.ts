import { z } from 'zod';

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
