// Renders engine progress as plain lines for a terminal or a log file: one line per phase change,
// a service's pull (the engine's summary of it) at most once a second. Phases are in the console's words
// (api/labels.ts), each said once: a message that only repeats its phase is left out.
import type { ProgressEvent } from '../api/contract.js';
import { PHASE_WORDS, phaseDetail } from '../api/labels.js';

export interface Printer {
  (event: ProgressEvent): void;
}

const formatBytes = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(2)} GB`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} MB`
      : `${Math.round(n / 1e3)} kB`;
const seconds = (ms?: number) => (ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`);

export function progressPrinter(write: (line: string) => void, opts: { verbose?: boolean } = {}): Printer {
  const lastPrinted = new Map<string, number>();
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
        const now = Date.now();
        if (now - (lastPrinted.get(event.service) ?? 0) < 1000) break;
        lastPrinted.set(event.service, now);
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
      case 'warning':
        write(`warning: ${event.message}`);
        break;
    }
  };
}
