// `status-desktop updates` and `status-desktop upgrade`: what a check found, as a table and a
// plan; the upgrade's steps as they happen and its outcome (exit code 1 on a rollback, 3 when the
// rollback itself failed).
import type { ServiceImageCheck } from '../engine/images/updates.js';
import type { Stack } from '../launcher/stack.js';
import type { UpdateCheck, UpgradeResult } from '../launcher/upgrade.js';
import { askYes, type Terminal } from './backup.js';
import { table } from './format.js';
import { formatBytes, type Printer } from './progress-printer.js';

const STATE_WORDS: Record<ServiceImageCheck['state'], string> = {
  'up-to-date': 'up to date',
  'update-available': 'update available',
  'not-pulled': 'not downloaded yet',
  unknown: 'unknown',
  'built-locally': 'built locally',
  pinned: 'pinned by digest',
};

const shortDigest = (digest?: string) => (digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '');

function imageDetail(check: ServiceImageCheck): string {
  switch (check.state) {
    case 'update-available':
      return `${shortDigest(check.localDigest)} → ${shortDigest(check.remoteDigest)}`;
    case 'built-locally':
      return 'comes with STATUS Desktop';
    case 'unknown':
    case 'not-pulled':
      return check.reason ?? '';
    default:
      return '';
  }
}

/** The check as the operator reads it: every image, the release's differences, and the plan. */
export function updatesReport(check: UpdateCheck): string {
  const lines = [
    table([
      ['SERVICE', 'IMAGE', 'STATE', 'DETAIL'],
      ...check.images.map((c) => [c.service, c.image, STATE_WORDS[c.state], imageDetail(c)]),
    ]),
  ];
  if (check.release) {
    const { source, changes, newServices } = check.release;
    lines.push('', `Release stack file ${source}:`);
    if (!changes.length) lines.push('  pins the same images as this installation.');
    for (const c of changes)
      lines.push(
        `  ${c.service}: ${c.from} → ${c.to}${c.notApplicable ? ` (not by upgrade: ${c.notApplicable})` : ''}`,
      );
    if (newServices.length)
      lines.push(`  new services (they come with that STATUS Desktop release): ${newServices.join(', ')}`);
  }
  lines.push('', planText(check));
  return lines.join('\n');
}

function planText(check: UpdateCheck): string {
  if (!check.plan.length) return 'Nothing to upgrade.';
  const steps = check.plan.map((p) =>
    p.kind === 'new-digest'
      ? `  ${p.service}: download the new ${p.to}`
      : `  ${p.service}: ${p.from} → ${p.to} (stored as the image setting "${p.setting}")`,
  );
  return [
    '`status-desktop upgrade` would: back up every data store, then',
    ...steps,
    '  and recreate only those services, each behind its health check; if one fails, all of them go back to their previous images.',
  ].join('\n');
}

/** The outcome, with what to do when it is not a success. */
export function upgradeReport(result: UpgradeResult): string {
  const lines: string[] = [];
  const mark = result.outcome === 'upgraded' || result.outcome === 'up-to-date' ? '✓' : '✗';
  lines.push(`${mark} ${result.message}`);
  if (result.backup)
    lines.push(
      `  backup     ${result.backup.file} (${formatBytes(result.backup.size)}, schema ${result.backup.schemaVersion ?? 'none'})`,
    );
  for (const r of result.recreated)
    lines.push(
      `  ${result.outcome === 'upgraded' ? 'upgraded' : 'tried   '}   ${r.service}: ${r.image} (${shortDigest(r.fromImageId ?? '') || 'none'} → ${shortDigest(r.toImageId)})`,
    );
  if (result.unchanged.length)
    lines.push(`  unchanged  ${result.unchanged.join(', ')} (the registry served the same image)`);
  if (result.failure?.lastLines.length)
    lines.push(
      `\nLast log lines of ${result.failure.service ?? 'the failed service'}:`,
      ...result.failure.lastLines.map((l) => `  ${l}`),
    );
  if (result.rollback?.error) lines.push(`  → ${result.rollback.error.hint}`);
  return lines.join('\n');
}

export function upgradeExitCode(result: UpgradeResult): number {
  return result.outcome === 'rolled-back' ? 1 : result.outcome === 'rollback-failed' ? 3 : 0;
}

export async function updatesCommand(
  stack: Stack,
  opts: { stack?: string },
  term: Terminal,
  signal: AbortSignal,
): Promise<number> {
  term.out('Asking the registries…');
  term.out(updatesReport(await stack.checkUpdates({ stack: opts.stack, signal })));
  return 0;
}

export async function upgradeCommand(
  stack: Stack,
  opts: { stack?: string; yes?: boolean },
  term: Terminal,
  printer: Printer,
  signal: AbortSignal,
): Promise<number> {
  term.out('Asking the registries…');
  const check = await stack.checkUpdates({ stack: opts.stack, signal });
  term.out(updatesReport(check));
  if (!check.plan.length) return 0;
  if (!opts.yes) {
    if (!term.interactive) {
      term.err('\n  → Add --yes to upgrade without being asked; nothing was changed.');
      return 2;
    }
    if (!(await askYes('\nUpgrade now? [y/N] '))) {
      term.out('Nothing was changed.');
      return 1;
    }
  }
  const result = await stack.upgrade({
    check,
    onProgress: printer,
    onStep: (_step, message) => term.out(`\n== ${message}`),
    signal,
  });
  term.out(`\n${upgradeReport(result)}`);
  return upgradeExitCode(result);
}
