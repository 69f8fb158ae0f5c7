// A failure as a person reads it: what happened, then what to do.
import { useTranslation } from 'react-i18next';
import type { ShownError } from '../lib/errors.js';

export function ErrorNote({ error, onDismiss }: { error: ShownError; onDismiss?: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="note note-error">
      <p className="note-title">{error.message}</p>
      {error.hint && (
        <p>
          <strong>{t('common.whatToDo')}</strong> {error.hint}
        </p>
      )}
      {onDismiss && (
        <button type="button" className="btn btn-small" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}
