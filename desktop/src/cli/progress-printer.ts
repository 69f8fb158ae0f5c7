// Renders engine progress as plain lines for a terminal or a log file: one line per phase change,
// a service's pull (the engine's summary of it) at most once a second. Phases are in the console's words
// (api/labels.ts), each said once: a message that only repeats its phase is left out. A backup or
// restore adds a line per part (bytes so far at most once a second, then its size) and the archive's.
import type { ProgressEvent } from '../api/contract.js';
import type { BackupEvent } from '../engine/backup/index.js';
import { PHASE_WORDS, phaseDetail } from '../api/labels.js';

export interface Printer {
  (event: ProgressEvent | BackupEvent): void;
}

export const formatBytes = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(2)} GB`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} MB`
      : `${Math.round(n / 1e3)} kB`;
const seconds = (ms?: number) => (ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`);

/** "4.2 MB of 12.0 MB (pg_dump)": what a part line ends with. */
function partBytes(bytes: number, totalBytes?: number, method?: string): string {
  const of = totalBytes === undefined || totalBytes === bytes ? '' : ` of ${formatBytes(totalBytes)}`;
  return `${formatBytes(bytes)}${of}${method ? ` (${method})` : ''}`;
}

export function progressPrinter(write: (line: string) => void, opts: { verbose?: boolean } = {}): Printer {
  const lastPrinted = new Map<string, number>();
  /** True at most once a second per key: byte counts that keep coming are printed now and then. */
  const due = (key: string) => {
    const now = Date.now();
    if (now - (lastPrinted.get(key) ?? 0) < 1000) return false;
    lastPrinted.set(key, now);
    return true;
  };
  return (event) => {
    switch (event.type) {
      case 'service': {
        const detail = phaseDetail(event.phase, event.message);
        write(
          `${event.service.padEnd(16)} ${PHASE_WORDS[event.phase].padEnd(11)} ${detail}`.trimEnd() +
            seconds(event.elapsedMs),
        );
        break;
      }
      case 'pull': {
        if (!due(event.service)) break;
        const { summary } = event;
        const done = summary.layers.filter((l) => l.done).length;
        write(
          `${event.service.padEnd(16)} ${PHASE_WORDS.pulling.padEnd(11)} ${done}/${summary.layers.length} layers, ${formatBytes(summary.current)} of ${formatBytes(summary.total)}`,
        );
        break;
      }
      case 'pull-retry':
        write(
          `${event.service.padEnd(16)} retrying    download failed (${event.error}); attempt ${event.attempt + 1} in ${Math.round(event.delayMs / 1000)} s`,
        );
        break;
      case 'build':
        if (opts.verbose) write(`${event.service.padEnd(16)} build       ${event.line}`);
        break;
      case 'resource':
        if (event.action !== 'exists')
          write(`${event.kind.padEnd(16)} ${event.action.padEnd(11)} ${event.name}`);
        break;
      case 'backup-part': {
        const ongoing = ['capturing', 'verifying', 'restoring'].includes(event.phase);
        // The first line of an ongoing phase is always printed; its byte counts now and then.
        if (ongoing && event.bytes > 0 && !due(`part ${event.part}`)) break;
        const bytes =
          ongoing && event.bytes === 0 ? '' : partBytes(event.bytes, event.totalBytes, event.method);
        write(`${event.part.padEnd(32)} ${event.phase.padEnd(11)} ${bytes}`.trimEnd());
        break;
      }
      case 'backup-file':
        if (event.phase === 'writing' && !due(`file ${event.file}`)) break;
        write(
          `${'archive'.padEnd(32)} ${event.phase.padEnd(11)} ${event.file} (${formatBytes(event.bytes)})`,
        );
        break;
      case 'images': {
        const finished = event.total !== undefined && event.bytes >= event.total;
        if (!finished && event.bytes > 0 && !due(`images ${event.step}`)) break;
        const of = event.total === undefined ? '' : ` of ${formatBytes(event.total)}`;
        write(`${'images'.padEnd(16)} ${event.step.padEnd(11)} ${formatBytes(event.bytes)}${of}`);
        break;
      }
      case 'warning':
        write(`warning: ${event.message}`);
        break;
    }
  };
}
