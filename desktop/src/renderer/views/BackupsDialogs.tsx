// Restore and Delete of one kept backup, each behind a dialog that says what will happen. A restore
// asks for the secrets' passphrase when the backup holds them, and an explicit yes when the backup
// comes from another project.
import { Dialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../components/ErrorNote.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { formatBytes } from '../lib/format.js';
import { useConsoleStore } from '../stores/console.js';
import type { KeptBackupInfo } from '../types.js';
import { MIN_PASSPHRASE, PasswordField, useAnnounce, useBackupsStore, useWhen } from './BackupsCommon.js';

interface ConfirmDialogProps {
  /** The row's button: its text and its accessible name (which backup). */
  open: string;
  openLabel: string;
  disabled: boolean;
  title: string;
  description: string;
  confirm: string;
  canConfirm?: boolean;
  /** Called when the dialog opens, to start its fields afresh. */
  onOpen?: () => void;
  /** Does the work; resolves with the error to show, or null when done (the dialog closes). */
  onConfirm(): Promise<ShownError | null>;
  children?: ReactNode;
}

function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [working, setWorking] = useState(false);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    setError(null);
    if (next) props.onOpen?.();
  };
  const confirm = () => {
    setWorking(true);
    props
      .onConfirm()
      .then((failure) => (failure ? setError(failure) : setOpen(false)))
      .finally(() => setWorking(false));
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="btn btn-small"
          disabled={props.disabled}
          aria-label={props.openLabel}
        >
          {props.open}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{props.title}</Dialog.Title>
          <Dialog.Description>{props.description}</Dialog.Description>
          {props.children}
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
              disabled={working || props.canConfirm === false}
              onClick={confirm}
            >
              {props.confirm}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** When the backup was taken: its manifest's date, else the file's. */
function takenAt(backup: KeptBackupInfo): number {
  return backup.manifest ? Date.parse(backup.manifest.createdAt) : backup.modifiedAt;
}

export function RestoreDialog({ backup, disabled }: { backup: KeptBackupInfo; disabled: boolean }) {
  const { t } = useTranslation();
  const date = useWhen()(takenAt(backup));
  const store = useBackupsStore();
  const announce = useAnnounce();
  const project = useConsoleStore('status', (s) => s.status?.project);
  const [passphrase, setPassphrase] = useState('');
  const [allowOther, setAllowOther] = useState(false);
  const manifest = backup.manifest;
  const otherProject = manifest && project && manifest.project !== project ? manifest.project : undefined;
  const shortPassphrase = passphrase.length > 0 && passphrase.length < MIN_PASSPHRASE;

  const restore = async () => {
    const request = {
      ...(passphrase && { passphrase }),
      ...(otherProject && { allowOtherProject: true }),
    };
    const task = await store.getState().restore(backup.name, request);
    announce(task);
    return task ? null : store.getState().commandError;
  };

  return (
    <ConfirmDialog
      open={t('backups.restore.open')}
      openLabel={t('backups.restore.openOf', { date })}
      disabled={disabled}
      title={t('backups.restore.title')}
      description={t('backups.restore.what', { date })}
      confirm={t('backups.restore.confirm')}
      canConfirm={!shortPassphrase && (!otherProject || allowOther)}
      onOpen={() => {
        setPassphrase('');
        setAllowOther(false);
      }}
      onConfirm={restore}
    >
      <p>{t('backups.restore.lost')}</p>
      <p className="small muted">{t('backups.restore.checkedFirst')}</p>
      {manifest?.secrets && (
        <>
          <p className="small">{t('backups.restore.secretsExplain')}</p>
          <PasswordField
            label={t('backups.restore.passphrase')}
            value={passphrase}
            onChange={setPassphrase}
          />
          {shortPassphrase && <p className="small text-bad">{t('backups.now.passphraseShort')}</p>}
        </>
      )}
      {otherProject && (
        <div className="note note-warn">
          <p>{t('backups.restore.otherProject', { from: otherProject, to: project })}</p>
          <label className="inline-field">
            <input type="checkbox" checked={allowOther} onChange={(e) => setAllowOther(e.target.checked)} />
            {t('backups.restore.allowOther', { to: project })}
          </label>
        </div>
      )}
    </ConfirmDialog>
  );
}

export function DeleteDialog({ backup, disabled }: { backup: KeptBackupInfo; disabled: boolean }) {
  const { t } = useTranslation();
  const date = useWhen()(takenAt(backup));
  const store = useBackupsStore();
  const remove = () =>
    store
      .getState()
      .remove(backup.name)
      .then(
        () => null,
        (e: unknown) => toShownError(e),
      );
  return (
    <ConfirmDialog
      open={t('backups.delete.open')}
      openLabel={t('backups.delete.openOf', { date })}
      disabled={disabled}
      title={t('backups.delete.title')}
      description={t('backups.delete.explain', { name: backup.name, size: formatBytes(backup.size), date })}
      confirm={t('backups.delete.confirm')}
      onConfirm={remove}
    />
  );
}
