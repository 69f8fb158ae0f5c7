// Settings: who may open STATUS (this computer, or the local network with the address to share and
// a QR code), ports, image versions, what the app does on open and on close, the admin account,
// optional integrations, and the danger zone.
import { Eye, EyeOff } from 'lucide-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { QrCode } from '../components/QrCode.js';
import { ResetDialog } from '../components/ResetDialog.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { filledSecrets, SECRET_FIELDS } from '../lib/secrets.js';
import { EngineSection } from './EngineSection.js';
import { SwarmForm } from './SwarmForm.js';
import { UpdatesForm } from './UpdatesForm.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import { runningTasks } from '../stores/tasks.js';
import type { AdminCredentials, ConsoleSettings, SecretsUpdate, SettingsUpdate } from '../types.js';

const LOOPBACK = '127.0.0.1';
/** The radio value of "by host name" (never an address). */
const HOST_NAME_CHOICE = 'host-name';

function isLocalOnly(bindAddress: string): boolean {
  return bindAddress === LOOPBACK || bindAddress === 'localhost' || bindAddress === '::1';
}

/** Runs a save, keeps its error for the section that made it. */
function useSaver() {
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    setSaved(false);
    work()
      .then(
        () => {
          setError(null);
          setSaved(true);
        },
        (e: unknown) => setError(toShownError(e)),
      )
      .finally(() => setBusy(false));
  };
  return { error, saved, busy, run };
}

type Saver = ReturnType<typeof useSaver>;

/** The end of a settings form: what went wrong, "Saved", and its submit button. */
function SaveActions({ saver, label }: { saver: Saver; label: string }) {
  const { t } = useTranslation();
  return (
    <>
      {saver.error && <ErrorNote error={saver.error} />}
      <div className="step-actions">
        {saver.saved && <span role="status">{t('common.saved')}</span>}
        <button type="submit" className="btn btn-primary" disabled={saver.busy}>
          {label}
        </button>
      </div>
    </>
  );
}

export function SettingsView() {
  const { t } = useTranslation();
  const { settings: store } = useConsole();
  const settings = useConsoleStore('settings', (s) => s.settings);
  const loadError = useConsoleStore('settings', (s) => s.error);
  useEffect(() => {
    void store.getState().load();
  }, [store]);

  return (
    <section className="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      {loadError && <ErrorNote error={loadError} />}
      {!settings ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <AccessSection settings={settings} />
          <PortsSection settings={settings} />
          <ImagesSection settings={settings} />
          <BehaviourSection settings={settings} />
          <LedgerSection settings={settings} />
          <Section id="engine" title={t('engines.title')}>
            <EngineSection />
          </Section>
          <Section id="swarm" title={t('swarm.title')}>
            <SwarmForm />
          </Section>
          <AdminSection />
          <SecretsSection />
          <DangerSection />
        </>
      )}
    </section>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * Who may open STATUS. Sharing picks the address others will type (one of this computer's network
 * addresses, or its host name); the engine then moves the reverse proxy's bind address and the
 * public URL together, so links, CORS and sign-in callbacks follow. A running platform needs an
 * `up` to apply it, which recreates only the services the answer names.
 */
function AccessSection({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const { api, settings: store, tasks } = useConsole();
  const urls = useConsoleStore('settings', (s) => s.urls);
  const choices = useConsoleStore('settings', (s) => s.shareChoices);
  const overall = useConsoleStore('status', (s) => s.status?.state);
  const busyTask = useConsoleStore('tasks', (s) => runningTasks(s).length > 0);
  const saver = useSaver();
  // null: not chosen yet, so the first offered address (or the host name) is preselected.
  const [picked, setPick] = useState<string | null>(null);
  const [typedName, setHostName] = useState<string | null>(null);
  const [restart, setRestart] = useState<string[] | null>(null);
  useEffect(() => {
    void store.getState().loadShareChoices();
  }, [store]);
  const pick = picked ?? choices?.addresses[0]?.address ?? HOST_NAME_CHOICE;
  const hostName = typedName ?? choices?.hostName ?? '';
  const local = isLocalOnly(settings.bindAddress);
  const running = overall !== undefined && overall !== 'stopped';
  const change = (work: () => Promise<{ restart: string[] }>) =>
    saver.run(async () => setRestart((await work()).restart));
  const share = () =>
    change(() =>
      store.getState().share(pick === HOST_NAME_CHOICE ? { hostName: hostName.trim() } : { address: pick }),
    );
  const link = urls?.shared[0];
  return (
    <Section id="access" title={t('settings.access.title')}>
      {local ? (
        <p>{t('settings.access.localNow')}</p>
      ) : (
        <div className="share">
          {link ? (
            <>
              <p>{t('settings.access.shareThis')}</p>
              <p>
                <code>{link}</code>{' '}
                <CopyButton value={link} label={t('settings.access.copyAddress', { address: link })} />
              </p>
              <QrCode text={link} label={t('settings.access.qr', { address: link })} />
            </>
          ) : (
            <p className="note note-warn">{t('settings.access.noAddress')}</p>
          )}
          <button
            type="button"
            className="btn"
            disabled={saver.busy}
            onClick={() => change(() => store.getState().stopSharing())}
          >
            {t('settings.access.stop')}
          </button>
        </div>
      )}
      <fieldset className="radios">
        <legend>{t('settings.access.pickLegend')}</legend>
        {choices?.addresses.map((a) => (
          <label key={a.address}>
            <input
              type="radio"
              name="share-at"
              value={a.address}
              checked={pick === a.address}
              disabled={saver.busy}
              onChange={() => setPick(a.address)}
            />
            {t('settings.access.address', { address: a.address, iface: a.interface })}
          </label>
        ))}
        <label>
          <input
            type="radio"
            name="share-at"
            value={HOST_NAME_CHOICE}
            checked={pick === HOST_NAME_CHOICE}
            disabled={saver.busy}
            onChange={() => setPick(HOST_NAME_CHOICE)}
          />
          {t('settings.access.byName')}
        </label>
        {pick === HOST_NAME_CHOICE && (
          <label className="field">
            {t('settings.access.hostName')}
            <input value={hostName} spellCheck={false} onChange={(e) => setHostName(e.target.value)} />
          </label>
        )}
      </fieldset>
      {choices && choices.addresses.length === 0 && (
        <p className="small muted">{t('settings.access.noInterfaces')}</p>
      )}
      <p className="small muted">
        {t('settings.access.willShare', {
          link: `http://${pick === HOST_NAME_CHOICE ? hostName.trim() || '…' : pick}:${choices?.port ?? settings.ports.http}/`,
        })}
      </p>
      <button
        type="button"
        className="btn btn-primary"
        disabled={saver.busy || !pick || (pick === HOST_NAME_CHOICE && !hostName.trim())}
        onClick={share}
      >
        {local ? t('settings.access.share') : t('settings.access.shareInstead')}
      </button>
      <p className="small muted">{t('settings.access.onlyProxy')}</p>
      {saver.error && <ErrorNote error={saver.error} />}
      {restart && (
        <div className="note" role="status">
          {restart.length === 0 ? (
            <p>{t('settings.access.nothingToRestart')}</p>
          ) : running ? (
            <>
              <p>{t('settings.access.willRestart', { services: restart.join(', ') })}</p>
              <button
                type="button"
                className="btn btn-primary"
                disabled={busyTask}
                onClick={() =>
                  void tasks
                    .getState()
                    .run(() => api.up())
                    .then((task) => task && setRestart(null))
                }
              >
                {t('settings.access.applyNow')}
              </button>
            </>
          ) : (
            <p>{t('settings.access.appliesOnStart')}</p>
          )}
        </div>
      )}
    </Section>
  );
}

/**
 * A form of settings fields, kept as typed: its submit saves what `toUpdate` makes of them. The
 * end of the form is SaveActions with `saver`.
 */
function useSettingsForm(
  initial: () => Record<string, string>,
  toUpdate: (values: Record<string, string>) => SettingsUpdate,
) {
  const { settings: store } = useConsole();
  const saver = useSaver();
  const [values, setValues] = useState(initial);
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    saver.run(() => store.getState().save(toUpdate(values)));
  };
  return { values, set, submit, saver };
}

function PortsSection({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const form = useSettingsForm(
    () => Object.fromEntries(Object.entries(settings.ports).map(([k, v]) => [k, String(v)])),
    (values) => ({
      ports: Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, Number(v)]),
      ) as SettingsUpdate['ports'],
    }),
  );
  return (
    <Section id="ports" title={t('settings.ports.title')}>
      <form onSubmit={form.submit}>
        <div className="grid-fields">
          {Object.keys(settings.ports).map((name) => (
            <label className="field" key={name}>
              {t(`port.${name}`, { defaultValue: name })}
              <input
                type="number"
                min={1}
                max={65535}
                value={form.values[name] ?? ''}
                onChange={(e) => form.set(name, e.target.value)}
              />
            </label>
          ))}
        </div>
        <p className="small muted">{t('settings.appliesOnRestart')}</p>
        <SaveActions saver={form.saver} label={t('settings.ports.save')} />
      </form>
    </Section>
  );
}

function ImagesSection({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const keys = Object.keys(settings.defaultImages) as (keyof ConsoleSettings['defaultImages'])[];
  const form = useSettingsForm(
    () => Object.fromEntries(keys.map((k) => [k, settings.images[k] ?? ''])),
    // An emptied field goes back to the default.
    (values) => ({ images: Object.fromEntries(keys.map((k) => [k, values[k]?.trim() || null])) }),
  );
  return (
    <Section id="images" title={t('settings.images.title')}>
      <p className="small muted">{t('settings.images.explain')}</p>
      <form onSubmit={form.submit}>
        <div className="grid-fields">
          {keys.map((key) => (
            <label className="field" key={key}>
              {key}
              <input
                value={form.values[key] ?? ''}
                placeholder={settings.defaultImages[key]}
                onChange={(e) => form.set(key, e.target.value)}
                spellCheck={false}
              />
              <span className="small muted">
                {t('settings.images.default', { image: settings.defaultImages[key] })}
              </span>
            </label>
          ))}
        </div>
        <SaveActions saver={form.saver} label={t('settings.images.save')} />
      </form>
      <MirrorForm settings={settings} />
      <LoadImagesForm />
      <UpdatesForm />
    </Section>
  );
}

function MirrorForm({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const form = useSettingsForm(
    () => ({ mirror: settings.registryMirror ?? '' }),
    (values) => ({ registryMirror: values.mirror?.trim() || null }),
  );
  return (
    <form onSubmit={form.submit}>
      <h3>{t('settings.images.mirror')}</h3>
      <p className="small muted">{t('settings.images.mirrorExplain')}</p>
      <label className="field">
        {t('settings.images.mirror')}
        <input
          value={form.values.mirror ?? ''}
          placeholder="registry.example.com/dockerhub"
          onChange={(e) => form.set('mirror', e.target.value)}
          spellCheck={false}
        />
      </label>
      <SaveActions saver={form.saver} label={t('settings.images.saveMirror')} />
    </form>
  );
}

/** Starts a 'load-images' task; its progress and outcome show in the progress panel like any task. */
function LoadImagesForm() {
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const [file, setFile] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void tasks.getState().run(() => api.loadImages(file.trim()));
  };
  return (
    <form onSubmit={submit}>
      <h3>{t('settings.images.load')}</h3>
      <p className="small muted">{t('settings.images.loadExplain')}</p>
      <label className="field">
        {t('settings.images.loadPath')}
        <input
          value={file}
          placeholder="/media/usb/status-images.statusimages"
          onChange={(e) => setFile(e.target.value)}
          spellCheck={false}
        />
      </label>
      <div className="step-actions">
        <button type="submit" className="btn" disabled={!file.trim()}>
          {t('settings.images.loadButton')}
        </button>
      </div>
    </form>
  );
}

/**
 * The optional blockchain ledger. It runs as a privileged container, so the page says what that
 * means before anyone turns it on; the change reaches the platform on its next start.
 */
function LedgerSection({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const { settings: store } = useConsole();
  const saver = useSaver();
  return (
    <Section id="ledger" title={t('settings.ledger.title')}>
      <p className="small muted" id="ledger-explain">
        {t('settings.ledger.explain')}
      </p>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={settings.ledger}
          disabled={saver.busy}
          aria-describedby="ledger-explain ledger-restart"
          onChange={(e) => {
            const ledger = e.target.checked;
            saver.run(() => store.getState().save({ ledger }));
          }}
        />
        {t('settings.ledger.toggle')}
      </label>
      <p className="small muted" id="ledger-restart">
        {t('settings.ledger.restart')}
      </p>
      {saver.saved && <span role="status">{t('common.saved')}</span>}
      {saver.error && <ErrorNote error={saver.error} />}
    </Section>
  );
}

function BehaviourSection({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const { api, settings: store } = useConsole();
  const saver = useSaver();
  const save = (update: SettingsUpdate) => saver.run(() => store.getState().save(update));
  return (
    <Section id="behaviour" title={t('settings.behaviour.title')}>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={settings.startOnLaunch}
          onChange={(e) => save({ startOnLaunch: e.target.checked })}
        />
        {t('settings.behaviour.startOnLaunch')}
      </label>
      {api.shell && (
        <label className="inline-field">
          <input
            type="checkbox"
            checked={settings.openAtLogin}
            onChange={(e) => save({ openAtLogin: e.target.checked })}
          />
          {t('settings.behaviour.openAtLogin')}
        </label>
      )}
      <label className="inline-field">
        <input
          type="checkbox"
          checked={settings.restartKilled}
          aria-describedby="restart-killed-hint"
          onChange={(e) => save({ restartKilled: e.target.checked })}
        />
        {t('settings.behaviour.restartKilled')}
      </label>
      <p className="small muted" id="restart-killed-hint">
        {t('settings.behaviour.restartKilledHint')}
      </p>
      <fieldset className="radios">
        <legend>{t('settings.behaviour.onClose')}</legend>
        {(['ask', 'keep-running', 'stop'] as const).map((action) => (
          <label key={action}>
            <input
              type="radio"
              name="close-action"
              checked={settings.closeAction === action}
              onChange={() => save({ closeAction: action })}
            />
            {t(`settings.behaviour.close.${action}`)}
          </label>
        ))}
      </fieldset>
      {saver.error && <ErrorNote error={saver.error} />}
    </Section>
  );
}

function AdminSection() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [credentials, setCredentials] = useState<AdminCredentials | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  return (
    <Section id="admin" title={t('settings.admin.title')}>
      {credentials ? (
        <dl className="credentials">
          <dt>{t('setup.admin.username')}</dt>
          <dd>
            <code>{credentials.username}</code>
          </dd>
          <dt>{t('setup.admin.password')}</dt>
          <dd>
            <code>{credentials.password}</code>{' '}
            <CopyButton value={credentials.password} label={t('setup.admin.copyPassword')} />
          </dd>
        </dl>
      ) : (
        <p className="muted">{t('settings.admin.hidden')}</p>
      )}
      <button
        type="button"
        className="btn"
        onClick={() => {
          if (credentials) return setCredentials(null);
          api.adminCredentials().then(
            (c) => {
              setCredentials(c);
              setError(null);
            },
            (e: unknown) => setError(toShownError(e)),
          );
        }}
      >
        {credentials ? <EyeOff size={16} aria-hidden /> : <Eye size={16} aria-hidden />}
        {credentials ? t('settings.admin.hide') : t('settings.admin.reveal')}
      </button>
      {error && <ErrorNote error={error} />}
    </Section>
  );
}

function SecretsSection() {
  const { t } = useTranslation();
  const { settings: store } = useConsole();
  const secrets = useConsoleStore('settings', (s) => s.secrets);
  const saver = useSaver();
  const [values, setValues] = useState<Record<string, string>>({});
  const save = (update: SecretsUpdate) =>
    saver.run(async () => {
      await store.getState().saveSecrets(update);
      setValues({});
    });
  return (
    <Section id="secrets" title={t('settings.secrets.title')}>
      <p className="small muted">{t('settings.secrets.explain')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const update = filledSecrets(values);
          if (Object.keys(update).length > 0) save(update);
        }}
      >
        {SECRET_FIELDS.map((f) => (
          <div className="secret-row" key={f.key}>
            <label className="field">
              {t(f.label)}{' '}
              <span className="small muted">
                {secrets?.[f.key] ? t('settings.secrets.set') : t('settings.secrets.notSet')}
              </span>
              <input
                type={f.secret ? 'password' : 'text'}
                value={values[f.key] ?? ''}
                autoComplete="off"
                placeholder={secrets?.[f.key] ? t('settings.secrets.replace') : ''}
                onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              />
            </label>
            {secrets?.[f.key] && (
              <button type="button" className="btn btn-small" onClick={() => save({ [f.key]: null })}>
                {t('settings.secrets.remove', { name: t(f.label) })}
              </button>
            )}
          </div>
        ))}
        <SaveActions saver={saver} label={t('settings.secrets.save')} />
      </form>
    </Section>
  );
}

function DangerSection() {
  const { t } = useTranslation();
  const busy = useConsoleStore('tasks', (s) => runningTasks(s).length > 0);
  return (
    <Section id="danger" title={t('settings.danger.title')}>
      <p>{t('settings.danger.explain')}</p>
      <ResetDialog disabled={busy} />
    </Section>
  );
}
