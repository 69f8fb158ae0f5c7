// Renders engine progress as plain lines for a terminal or a log file: one line per phase change,
// pull progress summarised per service at most once a second.
import type { ProgressEvent } from '../engine/progress.js';

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
  const layers = new Map<string, Map<string, { current: number; total: number }>>();
  const lastPrinted = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case 'service':
        write(
          `${event.service.padEnd(16)} ${event.phase.padEnd(11)} ${event.message}${seconds(event.elapsedMs)}`,
        );
        break;
      case 'pull': {
        if (!event.layer || event.total === undefined) break;
        const perLayer = layers.get(event.service) ?? new Map();
        layers.set(event.service, perLayer);
        perLayer.set(event.layer, { current: event.current ?? 0, total: event.total });
        const now = Date.now();
        if (now - (lastPrinted.get(event.service) ?? 0) < 1000) break;
        lastPrinted.set(event.service, now);
        let current = 0;
        let total = 0;
        for (const layer of perLayer.values()) {
          current += layer.current;
          total += layer.total;
        }
        write(
          `${event.service.padEnd(16)} pulling     ${perLayer.size} layers, ${formatBytes(current)} of ${formatBytes(total)}`,
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
