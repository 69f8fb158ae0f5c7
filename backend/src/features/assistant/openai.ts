// The OpenAI service (built once in services.ts; undefined without AI_API_KEY) as the assistant
// routes need it: required (404 when not configured) and its failures as HTTP errors.
import OpenAI from 'openai';
import { HttpError } from '../../http/errors.js';

export const NOT_CONFIGURED = 'The AI assistant is not configured (AI_API_KEY)';

/** The configured client, or 404 saying the assistant is not configured. */
export function requireOpenAI(openai: OpenAI | undefined): OpenAI {
  if (!openai) throw new HttpError(404, NOT_CONFIGURED);
  return openai;
}

/** Runs an OpenAI call; failures → 502 `{message: "Failed to <op>: <OpenAI's message>"}` (never the key). */
export async function ai<T>(op: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof OpenAI.APIError) {
      const status = err.status === 404 ? 404 : 502;
      const msg =
        (err.error as { message?: string } | undefined)?.message ??
        `OpenAI answered ${err.status ?? 'nothing'}`;
      throw new HttpError(status, `Failed to ${op}: ${msg}`);
    }
    throw err;
  }
}
