// Anything thrown on the launcher side → the ApiError that goes on the wire. Engine errors keep
// their code, message, hint and details; anything unexpected becomes INTERNAL with its message
// only (never a stack trace, never a secret-bearing object).
import { ZodError } from 'zod';
import { StatusError } from '../engine/errors.js';
import type { ApiError } from './contract.js';
import { ApiException, apiErrorOf } from './errors.js';

/** An ApiError thrown on purpose inside the launcher (input checks, busy, unknown task). */
export class LauncherError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'LauncherError';
  }
}

export function launcherError(
  code: ApiError['code'],
  message: string,
  hint: string,
  details?: Record<string, unknown>,
): LauncherError {
  return new LauncherError(details ? { code, message, hint, details } : { code, message, hint });
}

/**
 * Zod issues of an argument tuple as "field.path: what is wrong" (the argument's own index is
 * left out when the issue is inside it: `ports.http`, not `0.ports.http`).
 */
export function describeZodIssues(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const parts = issue.path.map(String);
    const path = parts.length > 1 && /^\d+$/.test(parts[0]!) ? parts.slice(1) : parts;
    return { path: path.join('.') || 'arguments', message: issue.message };
  });
}

export function invalidInput(method: string, error: ZodError): LauncherError {
  const issues = describeZodIssues(error);
  return launcherError(
    'INVALID_INPUT',
    `${method}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`,
    'Correct the value and try again; nothing was changed.',
    { issues },
  );
}

/** Keeps only what survives JSON (and Electron's structured clone): no functions, no cycles, no Buffers. */
function plainDetails(details: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    const text = JSON.stringify(details, (_key, value: unknown) =>
      value instanceof Error ? value.message : typeof value === 'bigint' ? String(value) : value,
    );
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.keys(parsed).length ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof LauncherError) return error.error;
  if (error instanceof ApiException) return apiErrorOf(error);
  if (error instanceof StatusError) {
    const out: ApiError = { code: error.code, message: error.message, hint: error.hint };
    const details = plainDetails(error.details);
    if (details) out.details = details;
    return out;
  }
  if (error instanceof ZodError) return invalidInput('input', error).error;
  // First line only: some libraries put call sites or request dumps after it.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  return {
    code: 'INTERNAL',
    message: `Something unexpected failed: ${message || 'no details'}.`,
    hint: 'Try again; if it keeps happening, restart STATUS Desktop and report this message.',
  };
}
