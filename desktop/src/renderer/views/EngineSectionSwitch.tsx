// "Use this engine" while the platform runs on the engine being left: switching does not stop or
// move it, so the operator is told so first and picks: stop it there first (the down task, then
// the switch), switch anyway (it keeps running there, unseen from the console), or cancel.
import { Dialog } from 'radix-ui';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { useConsole } from '../stores/console.js';
import type { TasksStore, TaskState } from '../stores/tasks.js';

interface SwitchEngineDialogProps {
  /** The engine driven now, where the platform runs. */
  from: string;
  /** The engine chosen in the form. */
  to: string;
  disabled: boolean;
  /** Tests, saves and switches (the section shows the outcome); rejects when refused. */
  switchEngine(): Promise<void>;
  /** "Switch anyway": the section switches and shows a refusal itself. */
  onSwitchAnyway(): void;
  /** The section's own buttons wait while the dialog works. */
  onBusy(busy: boolean): void;
  /**
   * The dialog opened or closed: the section keeps it while it is open, even once the platform
   * has stopped (the stop's outcome, or a refused switch, is shown in it).
   */
  onOpenChange(open: boolean): void;
}

/** The dialog's own content: mounted exactly while the dialog is open. */
function WhileOpen({ onOpenChange, children }: { onOpenChange(open: boolean): void; children: ReactNode }) {
  useEffect(() => {
    onOpenChange(true);
    return () => onOpenChange(false);
  }, [onOpenChange]);
  return children;
}

/** Resolves when the task ends (at once if it has), with how it ended. */
function taskEnd(tasks: TasksStore, taskId: string): Promise<NonNullable<TaskState['end']>> {
  return new Promise((resolve) => {
    const endOf = () => tasks.getState().tasks[taskId]?.end;
    const ended = endOf();
    if (ended) return resolve(ended);
    const unsubscribe = tasks.subscribe(() => {
      const end = endOf();
      if (!end) return;
      unsubscribe();
      resolve(end);
    });
  });
}

export function SwitchEngineDialog(props: SwitchEngineDialogProps) {
  const { from, to, disabled, switchEngine, onBusy } = props;
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const [stopping, setStopping] = useState(false);

  const stopFirst = async (): Promise<ShownError | null> => {
    onBusy(true);
    try {
      setStopping(true);
      const task = await api.down();
      tasks.getState().handle({ task, type: 'task-start' });
      const end = await taskEnd(tasks, task.id);
      // Not stopped: nothing is switched, and the dialog says why.
      if (!end.ok)
        return end.error ? toShownError(end.error) : { message: t('engines.notStopped', { name: from }) };
      await switchEngine();
      return null;
    } catch (error) {
      return toShownError(error);
    } finally {
      setStopping(false);
      onBusy(false);
    }
  };
  return (
    <ConfirmDialog
      open={t('engines.use')}
      openClassName="btn btn-primary"
      disabled={disabled}
      title={t('engines.leaveTitle', { name: from })}
      description={t('engines.leaveExplain', { from, to })}
      confirm={t('engines.stopFirst')}
      onConfirm={stopFirst}
    >
      <WhileOpen onOpenChange={props.onOpenChange}>
        {stopping && <p role="status">{t('engines.stopping', { name: from })}</p>}
        <p>
          <Dialog.Close asChild>
            <button type="button" className="btn" onClick={props.onSwitchAnyway} disabled={stopping}>
              {t('engines.switchAnyway')}
            </button>
          </Dialog.Close>
        </p>
      </WhileOpen>
    </ConfirmDialog>
  );
}
