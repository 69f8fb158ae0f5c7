// Request schemas of /api/v1/assistant and /thread (the routers validate with them; docs/openapi.ts
// documents them).
import { z } from 'zod';

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const gptParams = z.object({
  gptId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'gptId must be an OpenAI id'),
});
export const tools = z.array(z.object({ type: z.enum(['code_interpreter', 'file_search']) }).strict()).max(5);
export const createBody = z.object({ name: z.string().trim().min(1).max(100) });
export const adminCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  instructions: z.string().min(1).max(32_768),
  model: z.string().min(1).max(100).optional(),
  tools: tools.optional(),
});
export const instructionsBody = z.object({ instructions: z.string().min(1).max(32_768) });
/** The original's rule: at least 6 words or 40 characters. */
export const content = z
  .string()
  .max(32_768)
  .refine((s) => s.trim().split(/\s+/).length >= 6 || s.trim().length >= 40, {
    message: 'Please make the message a little more detailed (at least 6 words or 40 characters)',
  });
export const newThreadBody = z.object({ assistantId: z.string().min(1).max(64), content });
export const addMessageBody = z.object({ assistantId: z.string().min(1).max(64), content });
export const renameBody = z.object({ name: z.string().trim().min(1).max(100) });
