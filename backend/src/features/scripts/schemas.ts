import { z } from 'zod';

export const MAIN = 'module.exports.main';
const MAX_CODE = 512 * 1024;

const metadata = z.record(z.string(), z.unknown(), { error: 'metadata must be an object' });
const code = z
  .string({ error: 'Code is required.' })
  .min(1, 'Code is required.')
  .max(MAX_CODE, 'code is too long');

export const createBody = z
  .object({
    code: code.refine((c) => c.includes(MAIN), 'The code must include a module.exports.main function.'),
    metadata: metadata.optional(),
  })
  .strict();
export const updateBody = z
  .object({
    code: code
      .refine((c) => c.includes(MAIN), 'The code must include a module.exports.main function.')
      .optional(),
    metadata: metadata.optional(),
  })
  .strict();
export const idParams = z.object({ id: z.uuid({ error: 'id must be a script UUID' }) });
export const parseBody = z
  .string({ error: 'Send the code as text/plain' })
  .min(1, 'Code is required.')
  .max(MAX_CODE, 'code is too long')
  .refine((c) => c.includes(MAIN), 'The code must include a module.exports.main function.');

// ---- answers (documentation; the tests check answers against them)
export const script = z.strictObject({
  id: z.uuid(),
  code: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});
export const message = z.strictObject({ message: z.string() });
export const created = z.strictObject({ message: z.string(), id: z.uuid() });
