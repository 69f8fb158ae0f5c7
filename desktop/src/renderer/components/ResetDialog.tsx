// Deleting data names exactly what goes (the volumes of resetPlan) and needs "delete" typed.
import { Dialog } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toShownError, type ShownError } from '../lib/errors.js';
import { useConsole } from '../stores/console.js';
import { ErrorNote } from './ErrorNote.js';

export const CONFIRM_WORD = 'delete';

export function ResetDialog({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const [open, setOpen] = useState(false);
  const [volumes, setVolumes] = useState<string[] | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    setTyped('');
    setError(null);
    if (next) {
      setVolumes(null);
      api.resetPlan().then(
        (plan) => setVolumes(plan.volumes),
        (e: unknown) => setError(toShownError(e)),
      );
    }
  };

  const confirmed =
    typed.trim().toLowerCase() === t('reset.word').toLowerCase() || typed.trim() === CONFIRM_WORD;

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn btn-danger" disabled={disabled}>
          {t('reset.open')}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{t('reset.title')}</Dialog.Title>
          <Dialog.Description>{t('reset.explain')}</Dialog.Description>
          {volumes === null && !error && <p>{t('common.loading')}</p>}
          {volumes && (
            <ul className="volumes" aria-label={t('reset.volumes')}>
              {volumes.map((v) => (
                <li key={v}>
                  <code>{v}</code>
                </li>
              ))}
            </ul>
          )}
          <label className="field">
            {t('reset.typeToConfirm', { word: t('reset.word') })}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </label>
          {error && <ErrorNote error={error} />}
          <div className="step-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn">
                {t('common.cancel')}
              </button>
            </Dialog.Close>
            <button
              type="button"
              className="btn btn-danger"
              disabled={!confirmed || !volumes || busy}
              onClick={() => {
                if (!volumes) return;
                setBusy(true);
                api
                  .reset(volumes)
                  .then(
                    (task) => {
                      tasks.getState().handle({ task, type: 'task-start' });
                      setOpen(false);
                    },
                    (e: unknown) => setError(toShownError(e)),
                  )
                  .finally(() => setBusy(false));
              }}
            >
              {t('reset.confirm')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
