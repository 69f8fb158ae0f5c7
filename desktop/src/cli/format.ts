// Tables and durations for the terminal. States are in the console's words (api/labels.ts).
import type { ProjectStatus, ServiceStatus } from '../api/contract.js';
import { STATE_WORDS } from '../api/labels.js';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The exit as the status model read it (ServiceStatus.exit), in the console's words: a note under
 * the table (the row is marked *), with the command that starts it again when Docker will not.
 */
function exitNote(s: ServiceStatus): string | undefined {
  const exit = s.exit;
  const stopped = s.state === 'exited' || s.state === 'dead';
  if (!exit) return undefined;
  if (stopped && exit.story === 'killed') {
    return exit.witnessed
      ? `stopped from outside STATUS (docker kill or another tool); Docker does not restart it: status-desktop up ${s.service}`
      : `ended by SIGKILL while STATUS was not watching (docker kill, another tool, or a stop that ran out of time); Docker does not restart it: status-desktop up ${s.service}`;
  }
  if (stopped && exit.story === 'oom') return `ran out of memory: status-desktop up ${s.service}`;
  if (exit.story === 'crashed' && exit.restarts) {
    const times = exit.restarts === 1 ? 'once' : `${exit.restarts} times`;
    return stopped
      ? `crashed; Docker restarted it ${times}, then gave up`
      : `crashed, Docker restarted it ${times}`;
  }
  return undefined;
}

export function statusTable(status: ProjectStatus): string {
  const rows = [['SERVICE', 'STATE', 'UPTIME', 'PORTS', 'RESTARTS', 'IMAGE']];
  const notes: string[] = [];
  for (const s of Object.values(status.services)) {
    const ports = s.ports.map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.containerPort}`).join(', ');
    const state =
      s.state === 'exited' && s.exitCode !== undefined
        ? `${STATE_WORDS.exited} (exit code ${s.exitCode})`
        : STATE_WORDS[s.state];
    const note = exitNote(s);
    if (note) notes.push(`${s.service}: ${note}.`);
    rows.push([
      s.service,
      note ? `${state} *` : state,
      formatDuration(s.uptimeMs),
      ports,
      String(s.restartCount ?? 0),
      s.image ?? '',
    ]);
  }
  if (notes.length === 0) return table(rows);
  return `${table(rows)}\n\n${notes.map((n) => `* ${n}`).join('\n')}`;
}
