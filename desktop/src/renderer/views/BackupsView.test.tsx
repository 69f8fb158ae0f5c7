import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiException } from '../../api/errors.js';
import { FakeApi } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';
import type { KeptBackupInfo, TaskInfo } from '../types.js';

const manual: KeptBackupInfo = {
  name: 'status-status-20261203T153904Z.statusbackup',
  size: 12_300_000,
  modifiedAt: Date.UTC(2026, 11, 3, 15, 39, 30),
  scheduled: false,
  manifest: {
    project: 'status',
    createdAt: '2026-12-03T15:39:04.000Z',
    desktopVersion: '0.1.0',
    schemaVersion: 14,
    secrets: true,
  },
};
const scheduled: KeptBackupInfo = {
  name: 'status-status-20261202T020000Z-auto.statusbackup',
  size: 11_000_000,
  modifiedAt: Date.UTC(2026, 11, 2, 2, 0, 30),
  scheduled: true,
  manifest: { ...manual.manifest!, createdAt: '2026-12-02T02:00:00.000Z', secrets: false, schemaVersion: 13 },
};

function withBackups(backups: KeptBackupInfo[], extra: Partial<FakeApi['backupsValue']> = {}): FakeApi {
  const api = new FakeApi();
  api.backupsValue = { ...api.backupsValue, backups, ...extra };
  return api;
}

const rowOf = (name: string) => document.querySelector(`tr[data-backup="${name}"]`) as HTMLElement;

describe('Backups page', () => {
  it('is in the navigation; says there are none yet and where they would be kept', async () => {
    const { user } = renderConsole();
    await user.click(await screen.findByRole('button', { name: 'Backups' }));
    expect(await screen.findByText(/No backups yet/)).toBeInTheDocument();
    expect(screen.getByText('/home/op/.config/status-desktop/backups')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy the folder path' })).toBeInTheDocument();
    expect(screen.getByText('Scheduled backups are off.')).toBeInTheDocument();
  });

  it('lists the kept backups: date, size, schema version, secrets, kind', async () => {
    renderConsole({ view: 'backups', api: withBackups([manual, scheduled]) });
    const table = await screen.findByRole('table', { name: 'Kept backups' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const cells = within(rowOf(manual.name))
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1, 5)).toEqual(['12 MB', '14', 'Yes', 'Manual']);
    expect(cells[0]).toMatch(/2026/);
    expect(within(rowOf(scheduled.name)).getAllByRole('cell')[4]).toHaveTextContent('Scheduled');
  });

  it('backs up now, with the secrets only when the passphrase is long enough and typed twice the same', async () => {
    const { api, user, stores } = renderConsole({ view: 'backups' });
    await user.click(await screen.findByRole('checkbox', { name: /Include the secrets/ }));
    await user.type(screen.getByLabelText('Passphrase (at least 8 characters)'), 'short');
    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    expect(screen.getByRole('alert')).toHaveTextContent('at least 8 characters');
    await user.clear(screen.getByLabelText('Passphrase (at least 8 characters)'));
    await user.type(screen.getByLabelText('Passphrase (at least 8 characters)'), 'correct horse');
    await user.type(screen.getByLabelText('Passphrase again'), 'correct horsE');
    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The two passphrases differ');
    expect(api.called('backup')).toEqual([]);
    await user.clear(screen.getByLabelText('Passphrase again'));
    await user.type(screen.getByLabelText('Passphrase again'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    await waitFor(() =>
      expect(api.called('backup')[0]?.args).toEqual([{ secretsPassphrase: 'correct horse' }]),
    );
    // The progress panel shows the task at once, and the page shows each part.
    const task = Object.values(stores.tasks.getState().tasks)[0]!.info;
    expect(task.kind).toBe('backup');
    api.emitTask({
      task,
      type: 'progress',
      event: {
        type: 'backup-part',
        part: 'postgres/statusdb.pgdump',
        phase: 'capturing',
        bytes: 4_000_000,
        message: 'x',
      },
    });
    const parts = await screen.findByRole('list', { name: 'Parts of the backup' });
    expect(parts).toHaveTextContent('postgres/statusdb.pgdump');
    expect(parts).toHaveTextContent('Copying');
    expect(parts).toHaveTextContent('4.0 MB');
    api.backupsValue = { ...api.backupsValue, backups: [manual] };
    api.emitTask({ task, type: 'task-end', ok: true });
    expect(await screen.findByText('The backup is done and listed below.')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Kept backups' })).toBeInTheDocument();
  });

  it('backs up without secrets, and says why it could not start', async () => {
    const { api, user } = renderConsole({ view: 'backups' });
    api.failNext = new ApiException({
      code: 'BUSY',
      message: 'Starting STATUS is still in progress.',
      hint: 'Wait for it to finish, or cancel it, then try again.',
    });
    await user.click(await screen.findByRole('button', { name: 'Back up now' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Starting STATUS is still in progress.');
    expect(alert).toHaveTextContent('What to do: Wait for it to finish');
    expect(api.called('backup')[0]?.args).toEqual([{}]);
  });

  it('restores after a confirmation that says what happens, with the passphrase when the backup holds secrets', async () => {
    const remote = withBackups([manual, scheduled]);
    remote.statusValue = {
      ...remote.statusValue,
      driving: { name: 'lab', endpoint: 'ssh://ops@lab.example.org', version: '27.3.1' },
    };
    const { api, user } = renderConsole({ view: 'backups', api: remote });
    await screen.findByRole('table', { name: 'Kept backups' });
    await user.click(within(rowOf(manual.name)).getByRole('button', { name: /^Restore the backup of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(dialog).toHaveTextContent('This acts on the platform on lab (ssh://ops@lab.example.org).');
    expect(dialog).toHaveTextContent(/services that keep data .* stop, their data is replaced/);
    expect(dialog).toHaveTextContent('what was running starts again');
    expect(dialog).toHaveTextContent('Everything written since that backup is lost');
    const passphrase = within(dialog).getByLabelText(/Passphrase of the backup’s secrets/);
    await user.type(passphrase, 'short');
    expect(within(dialog).getByRole('button', { name: 'Restore' })).toBeDisabled();
    await user.type(passphrase, ' but long now');
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() =>
      expect(api.called('restoreBackup')[0]?.args).toEqual([
        manual.name,
        { passphrase: 'short but long now' },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const first: TaskInfo = { id: 'task-1', kind: 'restore', services: [], startedAt: 1, state: 'running' };
    api.emitTask({ task: first, type: 'task-end', ok: true });
    expect(
      await screen.findByText('The data is restored and the services that ran are running again.'),
    ).toBeInTheDocument();

    // No secrets in it: no passphrase asked.
    await user.click(within(rowOf(scheduled.name)).getByRole('button', { name: /^Restore the backup of/ }));
    const second = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(within(second).queryByLabelText(/Passphrase/)).toBeNull();
    await user.click(within(second).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(api.called('restoreBackup')[1]?.args).toEqual([scheduled.name, {}]));
  });

  it('explains a backup of another project and restores it only when the operator says so', async () => {
    const other = { ...scheduled, manifest: { ...scheduled.manifest!, project: 'old-laptop' } };
    const { api, user } = renderConsole({ view: 'backups', api: withBackups([other]) });
    await screen.findByRole('table', { name: 'Kept backups' });
    await user.click(screen.getByRole('button', { name: /^Restore the backup of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(dialog).toHaveTextContent('taken from the project “old-laptop”; this platform is “status”');
    const restore = within(dialog).getByRole('button', { name: 'Restore' });
    expect(restore).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Yes, restore it into “status”' }));
    await user.click(restore);
    await waitFor(() =>
      expect(api.called('restoreBackup')[0]?.args).toEqual([other.name, { allowOtherProject: true }]),
    );
  });

  it('says a refused restore’s reason in words, and that nothing changed', async () => {
    const { api, user } = renderConsole({ view: 'backups', api: withBackups([manual]) });
    await screen.findByRole('table', { name: 'Kept backups' });
    await user.click(screen.getByRole('button', { name: /^Restore the backup of/ }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(api.called('restoreBackup')).toHaveLength(1));
    const task: TaskInfo = { id: 'task-1', kind: 'restore', services: [], startedAt: 1, state: 'running' };
    api.emitTask({
      task,
      type: 'task-end',
      ok: false,
      error: {
        code: 'BACKUP_REFUSED',
        message: 'The part postgres/statusdb.pgdump of x is corrupt: 10 bytes instead of 20.',
        hint: 'Copy the backup again or choose another one.',
        details: { reason: 'corrupt-part' },
      },
    });
    const panel = await screen.findByRole('region', { name: 'Restore: each part' });
    expect(panel).toHaveTextContent('Part of the backup is damaged. Nothing was changed.');
    expect(within(panel).getByRole('status')).toHaveTextContent('The restore failed.');
    // The progress panel (on every page) has the engine's words and what to do.
    const progress = screen.getByRole('region', { name: 'Restoring a backup' });
    expect(within(progress).getByRole('alert')).toHaveTextContent('What to do: Copy the backup again');
  });

  it('deletes a backup after confirming, by name', async () => {
    const { api, user } = renderConsole({ view: 'backups', api: withBackups([manual, scheduled]) });
    await screen.findByRole('table', { name: 'Kept backups' });
    await user.click(within(rowOf(scheduled.name)).getByRole('button', { name: /^Delete the backup of/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this backup?' });
    expect(dialog).toHaveTextContent(`The file ${scheduled.name} (11 MB`);
    expect(dialog).toHaveTextContent('cannot be undone');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.called('deleteBackup')[0]?.args).toEqual([scheduled.name]));
    await waitFor(() => expect(rowOf(scheduled.name)).toBeNull());
    expect(rowOf(manual.name)).not.toBeNull();
  });

  it('saves the schedule and says when the last one ran and when the next runs', async () => {
    const api = withBackups([scheduled], {
      schedule: { lastRun: { at: Date.UTC(2026, 11, 2, 2, 0), ok: true, name: scheduled.name } },
    });
    const { user } = renderConsole({ view: 'backups', api });
    const every = await screen.findByRole('combobox', { name: 'Back up' });
    await user.selectOptions(every, 'week');
    const keep = screen.getByRole('spinbutton', { name: 'Keep the last' });
    await user.clear(keep);
    await user.type(keep, '4');
    api.backupsValue = {
      ...api.backupsValue,
      schedule: { ...api.backupsValue.schedule, nextRunAt: Date.UTC(2099, 0, 9, 2, 0) },
    };
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() =>
      expect(api.called('saveSettings')[0]?.args).toEqual([{ backupSchedule: { every: 'week', keep: 4 } }]),
    );
    expect(await screen.findByText(/The last scheduled backup ran .* and worked\./)).toBeInTheDocument();
    expect(await screen.findByText(/The next one runs about .*2099/)).toBeInTheDocument();
  });

  it('says a failed scheduled backup and what to do, and when it waits for the platform', async () => {
    const api = withBackups([], {
      schedule: {
        lastRun: {
          at: Date.UTC(2026, 11, 3, 2, 0),
          ok: false,
          error: { message: 'postgres stopped during the dump.', hint: 'Start it again, then back up.' },
        },
        nextRunAt: Date.UTC(2026, 11, 3, 3, 0),
        waiting: 'platform-not-running',
      },
    });
    api.settingsValue = { ...api.settingsValue, backupSchedule: { every: 'day', keep: 7 } };
    renderConsole({ view: 'backups', api });
    expect(await screen.findByText(/The last scheduled backup, .*, failed/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('What to do: Start it again, then back up.');
    expect(screen.getByText(/runs as soon as the platform is running/)).toBeInTheDocument();
  });

  it('says what went wrong when the list cannot be read', async () => {
    const api = new FakeApi();
    api.failNext = new ApiException({
      code: 'INTERNAL',
      message: 'Could not read the backups folder.',
      hint: 'Check its permissions.',
    });
    renderConsole({ view: 'backups', api });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not read the backups folder.');
  });
});
