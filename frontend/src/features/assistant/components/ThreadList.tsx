// The user's conversations, newest first; the open one is marked aria-current.
import type { Thread } from '@backend/contract';
import { MessageSquare } from 'lucide-react';
import { NavLink } from 'react-router';
import { EmptyState, ErrorState, Skeleton } from '../../../components';
import { useT } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import type { Resource } from '../../../lib/useResource';

export function ThreadList({ threads }: { threads: Resource<Thread[]> }) {
  const { t } = useT('assistant');
  if (threads.error !== undefined && !threads.data)
    return (
      <ErrorState title={t('threadsError')} error={threads.error} onRetry={() => void threads.reload()} />
    );
  if (!threads.data) return <Skeleton lines={3} />;
  if (threads.data.length === 0) return <EmptyState title={t('noThreads')} body={t('startHint')} />;
  return (
    <ul className="assistant-threads">
      {threads.data.map((th) => (
        <li key={th.gptId}>
          <NavLink to={`/assistant/${encodeURIComponent(th.gptId)}`} className="assistant-thread-link">
            <MessageSquare size={16} aria-hidden="true" />
            <span className="assistant-thread-name">{th.name}</span>
            <span className="assistant-thread-date">{formatDateTime(th.updatedAt)}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
