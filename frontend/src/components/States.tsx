import { AlertOctagon, Inbox } from 'lucide-react';
import type { ReactNode } from 'react';
import { isApiError } from '../api';
import { useT } from '../i18n';
import { Button } from './Button';
import { Skeleton } from './Loading';
import { describeApiError } from './Form';

/** What a list shows when it has nothing: say why and offer the next step. */
export function EmptyState({
  title,
  body,
  action,
  icon,
}: {
  title?: ReactNode;
  body?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="state state-empty">
      <div className="state-icon" aria-hidden="true">
        {icon ?? <Inbox size={32} />}
      </div>
      <h2 className="state-title">{title ?? t('empty.title')}</h2>
      <p className="state-body">{body ?? t('empty.body')}</p>
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

/** A failed load: the server's message and a retry button. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: ReactNode;
}) {
  const { t } = useT();
  const message = isApiError(error)
    ? describeApiError(error, t)
    : error instanceof Error
      ? error.message
      : t('error.unexpected');
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon" aria-hidden="true">
        <AlertOctagon size={32} />
      </div>
      <h2 className="state-title">{title ?? t('error.title')}</h2>
      <p className="state-body">{message}</p>
      {onRetry && (
        <div className="state-action">
          <Button onClick={onRetry}>{t('retry')}</Button>
        </div>
      )}
    </div>
  );
}

/** What ResourceView reads of a useResource result. */
export interface ResourceLike<T> {
  data: T | undefined;
  error: unknown;
  reload: () => unknown;
}

/** Loading, error (with retry), empty or the data of a useResource result, in that order. */
export function ResourceView<T>({
  resource,
  children,
  isEmpty,
  empty,
  loading,
  errorTitle,
}: {
  resource: ResourceLike<T>;
  children: (data: T) => ReactNode;
  /** Default: an empty array counts as empty. */
  isEmpty?: (data: T) => boolean;
  /** Shown when isEmpty(data); default EmptyState. */
  empty?: ReactNode;
  loading?: ReactNode;
  errorTitle?: ReactNode;
}) {
  if (resource.error !== undefined && resource.data === undefined)
    return <ErrorState title={errorTitle} error={resource.error} onRetry={() => void resource.reload()} />;
  if (resource.data === undefined) return <>{loading ?? <Skeleton lines={4} />}</>;
  const emptyNow = isEmpty
    ? isEmpty(resource.data)
    : Array.isArray(resource.data) && resource.data.length === 0;
  if (emptyNow) return <>{empty ?? <EmptyState />}</>;
  return <>{children(resource.data)}</>;
}
