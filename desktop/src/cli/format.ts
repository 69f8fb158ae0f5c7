// Tables and durations for the terminal. States are in the console's words (api/labels.ts).
import type { ProjectStatus } from '../api/contract.js';
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

export function statusTable(status: ProjectStatus): string {
  const rows = [['SERVICE', 'STATE', 'UPTIME', 'PORTS', 'RESTARTS', 'IMAGE']];
  for (const s of Object.values(status.services)) {
    const ports = s.ports.map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.containerPort}`).join(', ');
    const state =
      s.state === 'exited' && s.exitCode !== undefined
        ? `${STATE_WORDS.exited} (exit code ${s.exitCode})`
        : STATE_WORDS[s.state];
    rows.push([
      s.service,
      state,
      formatDuration(s.uptimeMs),
      ports,
      String(s.restartCount ?? 0),
      s.image ?? '',
    ]);
  }
  return table(rows);
}
