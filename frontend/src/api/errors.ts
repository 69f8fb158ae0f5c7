import type { ErrorBody } from '@backend/contract';

/** Any failed API call: the HTTP status (0 when the server could not be reached), the server's message,
 *  and for a validation 400 the message of each field, keyed by its path (`name`, `params.endpoint`). */
export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors?: Record<string, string>;
  /** The parsed response body, for the few callers that need more (`requires2FA`, `retryAfterSeconds`). */
  readonly body?: unknown;

  constructor(status: number, message: string, fieldErrors?: Record<string, string>, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    if (fieldErrors && Object.keys(fieldErrors).length) this.fieldErrors = fieldErrors;
    this.body = body;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Turns a response body into an ApiError (the backend answers `{ message, errors? }`). */
export function errorFromBody(status: number, statusText: string, body: unknown): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<ErrorBody>;
  const message =
    typeof b.message === 'string' && b.message ? b.message : statusText || `Request failed (HTTP ${status})`;
  let fields: Record<string, string> | undefined;
  if (Array.isArray(b.errors)) {
    fields = {};
    for (const e of b.errors) {
      if (e && typeof e.path === 'string' && typeof e.message === 'string') fields[e.path] ??= e.message;
    }
  }
  return new ApiError(status, message, fields, body);
}
