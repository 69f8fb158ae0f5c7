// Errors on the client side of the LauncherApi: every rejected promise carries an ApiError.
// Browser-safe (no Node, no engine imports): the console, the preload and the HTTP client use it.
import type { ApiError, ApiResult } from './contract.js';

/** What a LauncherApi client rejects with: an Error whose fields are the ApiError. */
export class ApiException extends Error implements ApiError {
  readonly code: ApiError['code'];
  readonly hint: string;
  readonly details?: Record<string, unknown>;

  constructor(error: ApiError) {
    // Electron's contextBridge keeps only an Error's message: the ApiError travels inside it too,
    // after a marker, so apiErrorOf() can rebuild it on the far side.
    super(`${error.message}${MARKER}${JSON.stringify(error)}`);
    this.name = 'ApiException';
    this.code = error.code;
    this.hint = error.hint;
    if (error.details) this.details = error.details;
  }

  /** The message without the encoded copy. */
  get text(): string {
    return this.message.split(MARKER)[0]!;
  }
}

const MARKER = '\n\u0000api-error:';

function looksLikeApiError(value: unknown): value is ApiError {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.hint === 'string';
}

/**
 * The ApiError behind anything a LauncherApi promise rejected with (an ApiException, the same
 * after crossing contextBridge, a plain ApiError), or an INTERNAL one for anything else.
 */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiException) {
    const out: ApiError = { code: error.code, message: error.text, hint: error.hint };
    if (error.details) out.details = error.details;
    return out;
  }
  if (looksLikeApiError(error) && !(error instanceof Error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(MARKER);
  if (at >= 0) {
    try {
      const parsed: unknown = JSON.parse(message.slice(at + MARKER.length));
      if (looksLikeApiError(parsed)) return parsed;
    } catch {
      // fall through: not one of ours
    }
  }
  return {
    code: 'INTERNAL',
    message: message || 'Something unexpected failed.',
    hint: 'Try again; if it keeps happening, restart STATUS Desktop and report this message.',
  };
}

/** Unwraps an ApiResult: the value, or an ApiException. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (result && typeof result === 'object' && 'ok' in result) {
    if (result.ok) return result.value;
    throw new ApiException(result.error);
  }
  throw new ApiException({
    code: 'INTERNAL',
    message: 'The launcher answered with something that is not an API result.',
    hint: 'The console and the launcher may be different versions: reload the page or restart STATUS Desktop.',
  });
}
