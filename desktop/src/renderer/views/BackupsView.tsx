// Backups: "Back up now" (optionally with the secrets, encrypted with a passphrase asked twice),
// each part's progress while it runs, the kept backups (date, size, schema version, secrets) with
// Restore and Delete behind dialogs that say what will happen, where the files are kept, and the
// schedule (off, every day, every week; how many scheduled ones to keep; last and next run).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { formatBytes } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import type { BackupRun } from '../stores/backups.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import { runningTasks } from '../stores/tasks.js';
import type { BackupSchedule, BackupScheduleState, KeptBackupInfo } from '../types.js';
import {
  MIN_PASSPHRASE,
  PasswordField,
  useAnnounce,
  useBackups,
  useBackupsStore,
  useWhen,
} from './BackupsCommon.js';
import { DeleteDialog, RestoreDialog } from './BackupsDialogs.js';

const REFUSAL_REASONS = new Set([
  'not-a-backup',
  'unknown-format-version',
  'damaged-manifest',
  'corrupt-part',
  'truncated',
  'other-project',
  'wrong-passphrase',
  'target-not-ready',
]);

export function BackupsView() {
  const { t } = useTranslation();
  const store = useBackupsStore();
  const overview = useBackups((s) => s.overview);
  const loadError = useBackups((s) => s.loadError);

  useEffect(() => {
    const stop = store.getState().start();
    void store.getState().load();
    return stop;
  }, [store]);

  return (
    <section className="page backups" aria-labelledby="backups-title">
      <h1 id="backups-title">{t('backups.title')}</h1>
      <p className="muted">{t('backups.intro')}</p>
      <BackUpNow />
      <RunPanel />
      {loadError && <ErrorNote error={loadError} />}
      {overview === null && !loadError ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        overview && (
          <>
            <KeptBackups backups={overview.backups} />
            <Folder folder={overview.folder} />
            <ScheduleCard state={overview.schedule} />
          </>
        )
      )}
    </section>
  );
}

function BackUpNow() {
  const { t } = useTranslation();
  const store = useBackupsStore();
  const announce = useAnnounce();
  const commandError = useBackups((s) => s.commandError);
  const busy = useConsoleStore('tasks', (s) =>
    runningTasks(s).some((task) => task.info.services.length === 0),
  );
  const [withSecrets, setWithSecrets] = useState(false);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (withSecrets && first.length < MIN_PASSPHRASE) return setProblem(t('backups.now.passphraseShort'));
    if (withSecrets && first !== second) return setProblem(t('backups.now.passphraseMismatch'));
    setProblem(null);
    setStarting(true);
    void store
      .getState()
      .backUp(withSecrets ? first : undefined)
      .then((task) => {
        announce(task);
        if (task) {
          setFirst('');
          setSecond('');
        }
      })
      .finally(() => setStarting(false));
  };

  return (
    <form className="card" aria-labelledby="backup-now-title" onSubmit={submit}>
      <h2 id="backup-now-title">{t('backups.now.title')}</h2>
      <label className="inline-field">
        <input type="checkbox" checked={withSecrets} onChange={(e) => setWithSecrets(e.target.checked)} />
        {t('backups.now.includeSecrets')}
      </label>
      {withSecrets && (
        <>
          <p className="small muted">{t('backups.now.secretsExplain')}</p>
          <PasswordField label={t('backups.now.passphrase')} value={first} onChange={setFirst} fresh />
          <PasswordField label={t('backups.now.passphraseAgain')} value={second} onChange={setSecond} fresh />
        </>
      )}
      <p className="small muted">{t('backups.now.notEncrypted')}</p>
      {problem && (
        <p role="alert" className="note note-error">
          {problem}
        </p>
      )}
      {commandError && (
        <ErrorNote error={commandError} onDismiss={() => store.getState().clearCommandError()} />
      )}
      <div className="step-actions">
        {busy && <span className="small muted">{t('backups.now.busy')}</span>}
        <button type="submit" className="btn btn-primary" disabled={busy || starting}>
          {t('backups.now.button')}
        </button>
      </div>
    </form>
  );
}

/** The backup or restore running now (or just ended): each part, the file, the outcome. */
function RunPanel() {
  const { t } = useTranslation();
  const store = useBackupsStore();
  const run = useBackups((s) => s.run);
  if (!run) return null;
  const kind = run.info.kind === 'restore' ? 'restore' : 'backup';
  const title = t(`backups.run.${kind}${run.info.scheduled ? 'Scheduled' : ''}`);
  return (
    <section className="card backup-run" aria-label={title}>
      <header className="task-header">
        <h2>{title}</h2>
        <span role="status" className="small">
          {!run.end
            ? t('backups.run.running')
            : run.end.ok
              ? t(`backups.run.${kind}Done`)
              : t(`backups.run.${kind}Failed`)}
        </span>
        {run.end && (
          <button type="button" className="btn btn-small" onClick={() => store.getState().dismissRun()}>
            {t('common.dismiss')}
          </button>
        )}
      </header>
      {run.end?.error && <RunError error={run.end.error} />}
      {run.parts.length > 0 && (
        <ul className="backup-parts" aria-label={t('backups.run.parts')}>
          {run.parts.map((p) => (
            <li key={p.part}>
              <span className="mono small">{p.part}</span>
              <span className="badge tone-neutral">
                {t(`backups.phase.${p.phase}`, { defaultValue: p.phase })}
              </span>
              {p.totalBytes ? (
                <progress
                  aria-label={t('backups.run.partOf', { part: p.part })}
                  max={p.totalBytes || 1}
                  value={p.bytes}
                />
              ) : null}
              <span className="small muted">
                {p.totalBytes
                  ? `${formatBytes(p.bytes)} / ${formatBytes(p.totalBytes)}`
                  : formatBytes(p.bytes)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {run.written && (
        <p className="small">
          {t(run.written.done ? 'backups.run.written' : 'backups.run.writing', {
            size: formatBytes(run.written.bytes),
          })}
        </p>
      )}
    </section>
  );
}

/**
 * A refusal says why in words, and that nothing was changed. The engine's message and hint stand in
 * the progress panel above (every page shows it), so they are not repeated here.
 */
function RunError({ error }: { error: NonNullable<BackupRun['end']>['error'] & object }) {
  const { t } = useTranslation();
  const reason = error.code === 'BACKUP_REFUSED' ? String(error.details?.reason ?? '') : '';
  if (!REFUSAL_REASONS.has(reason)) return null;
  return (
    <p className="note note-error">
      {t(`backups.refused.${reason}`)} {t('backups.refused.nothingChanged')}
    </p>
  );
}

function KeptBackups({ backups }: { backups: KeptBackupInfo[] }) {
  const { t } = useTranslation();
  const when = useWhen();
  const busy = useConsoleStore('tasks', (s) =>
    runningTasks(s).some((task) => task.info.services.length === 0),
  );
  return (
    <section className="card" aria-labelledby="kept-title">
      <h2 id="kept-title">{t('backups.list.title')}</h2>
      {backups.length === 0 ? (
        <p className="muted">{t('backups.list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="services backups-table">
            <caption className="visually-hidden">{t('backups.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.list.date')}</th>
                <th scope="col">{t('backups.list.size')}</th>
                <th scope="col">{t('backups.list.schema')}</th>
                <th scope="col">{t('backups.list.secrets')}</th>
                <th scope="col">{t('backups.list.kind')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('backups.list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr key={b.name} data-backup={b.name}>
                  <td title={b.name}>
                    {when(b.manifest ? Date.parse(b.manifest.createdAt) : b.modifiedAt)}
                    {b.unreadable && (
                      <span className="small text-bad">
                        {' '}
                        {t('backups.list.unreadable', { reason: b.unreadable })}
                      </span>
                    )}
                  </td>
                  <td>{formatBytes(b.size)}</td>
                  <td>{b.manifest?.schemaVersion ?? '–'}</td>
                  <td>
                    {b.manifest ? (b.manifest.secrets ? t('backups.list.yes') : t('backups.list.no')) : '–'}
                  </td>
                  <td>{b.scheduled ? t('backups.list.scheduled') : t('backups.list.manual')}</td>
                  <td className="row-actions">
                    <RestoreDialog backup={b} disabled={busy || !b.manifest} />
                    <DeleteDialog backup={b} disabled={busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Folder({ folder }: { folder: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="folder-title">
      <h2 id="folder-title">{t('backups.folder.title')}</h2>
      <p className="inline-form">
        <code>{folder}</code>
        <CopyButton value={folder} label={t('backups.folder.copy')} />
      </p>
      <p className="small muted">{t('backups.folder.explain')}</p>
    </section>
  );
}

function ScheduleCard({ state }: { state: BackupScheduleState }) {
  const { t } = useTranslation();
  const when = useWhen();
  const { settings } = useConsole();
  const store = useBackupsStore();
  const saved = useConsoleStore('settings', (s) => s.settings?.backupSchedule);
  const now = useNow(60_000);
  const [draft, setDraft] = useState<BackupSchedule | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);
  const shown = draft ?? saved;
  if (!shown) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setDone(false);
    settings
      .getState()
      .save({ backupSchedule: shown })
      .then(
        () => {
          setDraft(null);
          setError(null);
          setDone(true);
          return store.getState().load();
        },
        (e: unknown) => setError(toShownError(e)),
      )
      .finally(() => setSaving(false));
  };

  const last = state.lastRun;
  return (
    <form className="card" aria-labelledby="schedule-title" onSubmit={submit}>
      <h2 id="schedule-title">{t('backups.schedule.title')}</h2>
      <div className="inline-form">
        <label className="inline-field">
          {t('backups.schedule.every')}
          <select
            value={shown.every}
            onChange={(e) => setDraft({ ...shown, every: e.target.value as BackupSchedule['every'] })}
          >
            <option value="off">{t('backups.schedule.off')}</option>
            <option value="day">{t('backups.schedule.day')}</option>
            <option value="week">{t('backups.schedule.week')}</option>
          </select>
        </label>
        <label className="inline-field">
          {t('backups.schedule.keep')}
          <input
            type="number"
            min={1}
            max={365}
            value={shown.keep}
            onChange={(e) => setDraft({ ...shown, keep: Number(e.target.value) })}
          />
        </label>
      </div>
      <p className="small muted">{t('backups.schedule.keepExplain')}</p>
      {saved?.every === 'off' ? (
        <p>{t('backups.schedule.isOff')}</p>
      ) : (
        <>
          <p>
            {last
              ? last.ok
                ? t('backups.schedule.lastOk', { when: when(last.at) })
                : t('backups.schedule.lastFailed', { when: when(last.at) })
              : t('backups.schedule.never')}
          </p>
          {last && !last.ok && last.error && <ErrorNote error={last.error} />}
          {state.nextRunAt !== undefined && (
            <p>
              {state.waiting === 'platform-not-running'
                ? t('backups.schedule.waitingPlatform')
                : state.waiting === 'busy'
                  ? t('backups.schedule.waitingBusy')
                  : state.nextRunAt <= now
                    ? t('backups.schedule.dueNow')
                    : t('backups.schedule.next', { when: when(state.nextRunAt) })}
            </p>
          )}
          <p className="small muted">{t('backups.schedule.whileRunning')}</p>
        </>
      )}
      {error && <ErrorNote error={error} />}
      <div className="step-actions">
        {done && <span role="status">{t('common.saved')}</span>}
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {t('backups.schedule.save')}
        </button>
      </div>
    </form>
  );
}
