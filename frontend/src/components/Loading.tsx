import { clsx } from 'clsx';
import { useT } from '../i18n';

export function Spinner({ size = 20, className }: { size?: number; className?: string }) {
  return (
    <span className={clsx('spinner', className)} style={{ width: size, height: size }} aria-hidden="true" />
  );
}

/** A centred spinner with a label read by screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useT();
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner size={24} />
      <span>{label ?? t('loading')}</span>
    </div>
  );
}

/** Grey placeholder blocks while content loads. */
export function Skeleton({ lines = 3, className }: { lines?: number; className?: string }) {
  const { t } = useT();
  return (
    <div className={clsx('skeleton', className)} role="status" aria-label={t('loading')}>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton-line" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}
