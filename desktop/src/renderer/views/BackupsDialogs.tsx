// Restore and Delete of one kept backup, each behind a dialog that says what will happen. A restore
// asks for the secrets' passphrase when the backup holds them, and an explicit yes when the backup
// comes from another project.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ActsOnEngine } from '../components/DrivingEngine.js';
import { toShownError } from '../lib/errors.js';
import { formatBytes } from '../lib/format.js';
import { useConsoleStore } from '../stores/console.js';
import type { KeptBackupInfo } from '../types.js';
import { MIN_PASSPHRASE, PasswordField, useAnnounce, useBackupsStore, useWhen } from './BackupsCommon.js';

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
      <ActsOnEngine />
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
