// Backup and restore of a STATUS platform's data (issue 14): what the launcher, the CLI and the
// console call. See plan.ts (which stores), capture.ts (how), archive.ts (the file) and restore.ts.
export { createBackup, type BackupOptions, type BackupResult } from './backup.js';
export {
  restoreBackup,
  verifyBackup,
  type RestoreOptions,
  type RestoreResult,
  type VerifyOptions,
} from './restore.js';
export type { BackupEvent, BackupListener, BackupPartPhase } from './events.js';
export {
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  type CaptureMethod,
  type ManifestPart,
} from './manifest.js';
export { planBackup, type StorePlan } from './plan.js';
export { BackupRefused, isRefusal, type RefusalReason } from './refusal.js';
export { checkPassphrase, type BackupSecrets } from './secrets.js';
