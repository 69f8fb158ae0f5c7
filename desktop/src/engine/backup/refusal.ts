// Why an archive is refused. Each refusal names the reason (details.reason, for UIs and tests),
// what was found, and what to do; nothing has been touched when one is thrown.
import { StatusError } from '../errors.js';

export type RefusalReason =
  | 'not-a-backup'
  | 'unknown-format-version'
  | 'damaged-manifest'
  | 'corrupt-part'
  | 'truncated'
  | 'other-project'
  | 'wrong-passphrase'
  | 'target-not-ready';

export class BackupRefused extends StatusError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    hint: string,
    details: Record<string, unknown> = {},
  ) {
    super('BACKUP_REFUSED', message, hint, { ...details, reason });
    this.name = 'BackupRefused';
  }
}

export function isRefusal(error: unknown, reason?: RefusalReason): error is BackupRefused {
  return error instanceof BackupRefused && (reason === undefined || error.reason === reason);
}
