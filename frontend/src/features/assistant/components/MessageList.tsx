// The conversation, oldest first; the user's pending message and the assistant's "thinking" state
// at the end. A polite live region announces new answers to screen readers.
import { Bot, User } from 'lucide-react';
import { Spinner } from '../../../components';
import { useT } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import type { ChatMessage } from '../thread';

export function MessageList({
  messages,
  pending,
  status,
}: {
  messages: ChatMessage[];
  /** The message being sent (or sent, waiting for the run). */
  pending?: { text: string; sending: boolean } | undefined;
  /** The assistant's run status while it works. */
  status?: { text: string; busy: boolean } | undefined;
}) {
  const { t } = useT('assistant');
  return (
    <ol className="assistant-messages" aria-live="polite" aria-label={t('threads')}>
      {messages.map((m) => (
        <li key={m.id} className={`assistant-message assistant-message-${m.role}`}>
          <div className="assistant-message-meta">
            {m.role === 'user' ? <User size={14} aria-hidden="true" /> : <Bot size={14} aria-hidden="true" />}
            <strong>{m.role === 'user' ? t('you') : t('bot')}</strong>
            <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt.toISOString())}</time>
          </div>
          <div className="assistant-message-text">{m.text}</div>
        </li>
      ))}
      {pending && (
        <li className="assistant-message assistant-message-user assistant-message-pending">
          <div className="assistant-message-meta">
            <User size={14} aria-hidden="true" />
            <strong>{t('you')}</strong>
            {pending.sending && <span>{t('sending')}</span>}
          </div>
          <div className="assistant-message-text">{pending.text}</div>
        </li>
      )}
      {status && (
        <li className="assistant-message assistant-message-assistant assistant-message-status" role="status">
          {status.busy && <Spinner size={16} />}
          <span>{status.text}</span>
        </li>
      )}
    </ol>
  );
}
