import { clsx } from 'clsx';
import type { ReactNode } from 'react';
import type { Tone } from './Alert';

export function Badge({ tone = 'neutral', children }: { tone?: Tone | 'neutral'; children: ReactNode }) {
  return <span className={clsx('badge', `badge-${tone}`)}>{children}</span>;
}

export type Status = 'ok' | 'failing' | 'draft' | 'finalized' | 'running' | 'unknown';
const TONES: Record<Status, Tone | 'neutral'> = {
  ok: 'success',
  failing: 'danger',
  draft: 'warning',
  finalized: 'info',
  running: 'info',
  unknown: 'neutral',
};

/** A badge whose colour follows a status; the label is always text (never colour alone). */
export function StatusBadge({ status, label }: { status: Status; label: ReactNode }) {
  return (
    <Badge tone={TONES[status]}>
      <span className={clsx('status-dot', `status-${status}`)} aria-hidden="true" />
      {label}
    </Badge>
  );
}
