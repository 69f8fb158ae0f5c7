// The OpenAI client of an app instance: the `openai` SDK with base URL, model and keys from config.
import OpenAI from 'openai';
import type { AppDeps } from '../../app.js';
import { HttpError } from '../../http/errors.js';

const clients = new WeakMap<AppDeps, OpenAI>();

export function openaiClient(deps: AppDeps): OpenAI {
  let c = clients.get(deps);
  if (!c) {
    const cfg = deps.config;
    c = new OpenAI({
      apiKey: cfg.AI_API_KEY ?? 'not-configured',
      organization: cfg.AI_ORG_ID ?? null,
      baseURL: cfg.AI_BASE_URL ?? undefined,
      timeout: 20_000,
      maxRetries: 1,
    });
    clients.set(deps, c);
  }
  return c;
}

export function requireOpenAI(deps: AppDeps): OpenAI {
  if (!deps.config.AI_API_KEY) throw new HttpError(404, 'The AI assistant is not configured (AI_API_KEY)');
  return openaiClient(deps);
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
