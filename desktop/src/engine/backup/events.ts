// Progress of a backup or restore: the lifecycle's own events (services stopped and started) plus
// one kind of its own, per part, with the bytes done so far.
import type { ProgressEvent } from '../progress.js';
import type { CaptureMethod } from './manifest.js';

export type BackupPartPhase = 'capturing' | 'captured' | 'verifying' | 'verified' | 'restoring' | 'restored';

export type BackupEvent =
  | ProgressEvent
  | {
      type: 'backup-part';
      part: string;
      phase: BackupPartPhase;
      bytes: number;
      /** Known when reading an archive (the manifest says). */
      totalBytes?: number;
      method?: CaptureMethod;
      message: string;
    }
  | { type: 'backup-file'; file: string; phase: 'writing' | 'written'; bytes: number };

export type BackupListener = (event: BackupEvent) => void;

/** Byte counts are reported at most every this many bytes, so a UI is not flooded. */
const BYTES_STEP = 4 * 1024 * 1024;

export function byteReporter(report: (bytes: number) => void): (bytes: number) => void {
  let last = 0;
  return (bytes) => {
    if (bytes - last < BYTES_STEP) return;
    last = bytes;
    report(bytes);
  };
}
