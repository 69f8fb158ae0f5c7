/** An error with an HTTP status, turned into `{ message, errors? }` by the error handler. */
export interface FieldError {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, errors?: FieldError[]) => new HttpError(400, message, errors);
export const unauthorized = (message = 'Unauthorized') => new HttpError(401, message);
export const forbidden = (message = 'Forbidden') => new HttpError(403, message);
export const notFound = (message = 'Not found') => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

/**
 * A service the API relies on for some routes (Grafana, Node-RED, the Governify registry) did not
 * answer at all: 503 naming the service and what to do. Only that service's routes fail; the API
 * itself keeps serving. (A service that answers badly is a 502 of its client, not this.)
 */
export class ServiceUnavailableError extends HttpError {
  constructor(
    /** The Compose service: 'grafana', 'nodered', 'registry'. */
    readonly service: string,
    message: string,
    options?: {
      cause?: unknown;
      /** Why, in a few words: 'ECONNREFUSED', 'no answer within 5000 ms'. */
      reason?: string;
    },
  ) {
    super(503, message);
    this.name = 'ServiceUnavailableError';
    if (options?.reason !== undefined) this.reason = options.reason;
    if (options && 'cause' in options) this.cause = options.cause;
  }
  readonly reason?: string;
}

/** Error codes of a connection that could not be made or was cut (refused, reset, DNS, timeout). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * Why a fetch() that rejected means the service is not there — "ECONNREFUSED", "no answer within
 * 5000 ms" — or undefined when the failure is something else (a malformed URL, a bug).
 */
export function unreachableReason(err: unknown, timeoutMs: number): string | undefined {
  const e = err as (Error & { cause?: unknown }) | null | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  let cause = e?.cause as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  for (let depth = 0; cause && depth < 3; depth++) {
    const code = typeof cause.code === 'string' ? cause.code : cause.errors?.find((x) => x?.code)?.code;
    if (typeof code === 'string') return UNREACHABLE_CODES.has(code) ? code : undefined;
    cause = (cause as { cause?: typeof cause }).cause;
  }
  return undefined;
}

/**
 * `<Name> is not reachable (<context>: <reason>): start it from STATUS Desktop or check its logs`,
 * e.g. "Grafana is not reachable (GET /api/folders: ECONNREFUSED): start it from STATUS Desktop or
 * check its logs".
 */
export function serviceUnavailable(
  service: string,
  displayName: string,
  reason: string,
  opts: { context?: string; cause?: unknown } = {},
): ServiceUnavailableError {
  const detail = opts.context ? `${opts.context}: ${reason}` : reason;
  return new ServiceUnavailableError(
    service,
    `${displayName} is not reachable (${detail}): start it from STATUS Desktop or check its logs`,
    { cause: opts.cause, reason },
  );
}

/** SQLSTATEs of a PostgreSQL server going away or not taking connections yet. */
const POSTGRES_UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * Why a failed query means PostgreSQL is not there (killed, restarting, not started) — the
 * connection error's code, the server's shutdown SQLSTATE or pg's "Connection terminated…" — or
 * undefined for any other failure (a bad query, a bug). Upstream services never get here: their
 * clients turn an unreachable service into a ServiceUnavailableError of their own.
 */
export function postgresUnavailableReason(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  if (!e) return undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (UNREACHABLE_CODES.has(code) || POSTGRES_UNAVAILABLE_SQLSTATES.has(code))) return code;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/^Connection terminated|timeout exceeded when trying to connect/i.test(message)) return message;
  return undefined;
}
