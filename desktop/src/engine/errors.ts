// Errors a person reads. Every error the engine throws at a user says what happened (message)
// and what to do (hint); `code` lets a UI pick an icon or a help page.

export type ErrorCode =
  | 'COMPOSE_INVALID'
  | 'COMPOSE_VARIABLE'
  | 'DEPENDENCY_CYCLE'
  | 'ENGINE_NOT_INSTALLED'
  | 'ENGINE_NOT_RUNNING'
  | 'ENGINE_PERMISSION'
  | 'ENGINE_TOO_OLD'
  | 'ENGINE_UNREACHABLE'
  | 'PORT_IN_USE'
  | 'IMAGE_PULL_FAILED'
  | 'IMAGE_BUILD_FAILED'
  | 'SERVICE_UNHEALTHY'
  | 'SERVICE_EXITED'
  | 'SERVICE_TIMEOUT'
  | 'CANCELLED'
  | 'SETTINGS_INVALID'
  | 'BACKUP_REFUSED'
  | 'IMAGES_REFUSED'
  | 'UPGRADE_ROLLED_BACK'
  | 'NOT_FOUND';

export class StatusError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StatusError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  /** "message\n  → hint": how the CLI prints it. */
  toDisplayString(): string {
    return this.hint ? `${this.message}\n  → ${this.hint}` : this.message;
  }
}

export function isStatusError(error: unknown, code?: ErrorCode): error is StatusError {
  return error instanceof StatusError && (code === undefined || error.code === code);
}

export function cancelledError(what: string): StatusError {
  return new StatusError(
    'CANCELLED',
    `${what} was cancelled.`,
    'Run it again when you are ready; nothing was deleted.',
  );
}

/** Throws CANCELLED if the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}
