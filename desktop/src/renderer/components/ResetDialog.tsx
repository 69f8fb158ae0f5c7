// Deleting data names exactly what goes (the volumes of resetPlan) and needs "delete" typed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toShownError, type ShownError } from '../lib/errors.js';
import { useConsole } from '../stores/console.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ActsOnEngine } from './DrivingEngine.js';
import { ErrorNote } from './ErrorNote.js';

export const CONFIRM_WORD = 'delete';

export function ResetDialog({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const [volumes, setVolumes] = useState<string[] | null>(null);
  const [typed, setTyped] = useState('');
  const [planError, setPlanError] = useState<ShownError | null>(null);

  const loadPlan = () => {
    setTyped('');
    setVolumes(null);
    setPlanError(null);
    api.resetPlan().then(
      (plan) => setVolumes(plan.volumes),
      (e: unknown) => setPlanError(toShownError(e)),
    );
  };
  const reset = async (): Promise<ShownError | null> => {
    if (!volumes) return null;
    try {
      const task = await api.reset(volumes);
      tasks.getState().handle({ task, type: 'task-start' });
      return null;
    } catch (e) {
      return toShownError(e);
    }
  };
  const confirmed =
    typed.trim().toLowerCase() === t('reset.word').toLowerCase() || typed.trim() === CONFIRM_WORD;

  return (
    <ConfirmDialog
      open={t('reset.open')}
      openClassName="btn btn-danger"
      disabled={disabled ?? false}
      title={t('reset.title')}
      description={t('reset.explain')}
      confirm={t('reset.confirm')}
      canConfirm={confirmed && volumes !== null}
      onOpen={loadPlan}
      onConfirm={reset}
    >
      <ActsOnEngine />
      {volumes === null && !planError && <p>{t('common.loading')}</p>}
      {planError && <ErrorNote error={planError} />}
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
    </ConfirmDialog>
  );
}
