// The publishing rule catalogs and controls share: an update never changes `status`. A finalized
// item stays finalized; a draft is finalized only through its own PATCH …/finalize route, which
// checks what finalizing needs.
import { HttpError } from '../../http/errors.js';
import type { PublishStatus } from './repository.js';

/**
 * Refuses an update that asks for another status (400 saying where to go instead). `kind` names
 * the item and its finalize route: 'catalog' → PATCH /catalogs/:id/finalize.
 */
export function refuseStatusChange(
  kind: 'catalog' | 'control',
  current: PublishStatus,
  asked: PublishStatus | undefined,
): void {
  if (!asked || asked === current) return;
  if (asked === 'draft') throw new HttpError(400, 'Cannot change status from finalized to draft');
  const finalize = `PATCH /${kind}s/:id/finalize`;
  throw new HttpError(400, `Use ${finalize} to finalize a ${kind}`, [
    { path: 'status', message: `finalize through ${finalize}` },
  ]);
}
