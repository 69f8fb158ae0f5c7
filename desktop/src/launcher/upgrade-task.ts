// How an upgrade ends as a console task: a rollback is the upgrade's answer (Stack.upgrade returns
// it), but the operator must see the task fail, in the upgrade's own words and with what to do.
import { StatusError } from '../engine/errors.js';
import type { UpgradeResult } from '../engine/lifecycle/upgrade-report.js';

/** The task's error for a rolled-back (or failed-rollback) upgrade; undefined when it upgraded or had nothing to do. */
export function upgradeTaskError(result: UpgradeResult): StatusError | undefined {
  if (result.outcome !== 'rolled-back' && result.outcome !== 'rollback-failed') return undefined;
  const service = result.failure?.service;
  const hint =
    result.rollback?.error?.hint ??
    (service
      ? `The previous images run again. \`status-desktop logs ${service}\` (or its Logs page) shows why the new one failed; upgrade again once that is fixed.`
      : 'The previous images run again; upgrade again later.');
  return new StatusError('UPGRADE_ROLLED_BACK', result.message, hint, {
    outcome: result.outcome,
    ...(service && { service }),
    ...(result.backup && { backup: result.backup.file }),
  });
}
