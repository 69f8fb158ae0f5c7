// First run: is the engine there (and if not, why and how to fix it), are the ports free (and if
// not, who holds them, with a field to pick another), secrets generated with the admin account
// shown once, optional OpenAI key and GitHub OAuth app, then Start.
import { CheckCircle2, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { PortConflicts } from '../components/PortConflicts.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { filledSecrets, SECRET_FIELDS, type SecretKey } from '../lib/secrets.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import type { AdminCredentials, LauncherApi } from '../types.js';

const STEPS = ['engine', 'ports', 'admin', 'integrations', 'start'] as const;
type Step = (typeof STEPS)[number];

export function SetupView() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('engine');
  const index = STEPS.indexOf(step);
  const next = () => setStep(STEPS[Math.min(STEPS.length - 1, index + 1)] as Step);

  return (
    <section className="page setup" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p className="muted">{t('setup.intro')}</p>
      <ol className="steps" aria-label={t('setup.steps')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={s === step ? 'step' : undefined}
            className={i < index ? 'done' : s === step ? 'current' : ''}
          >
            {t(`setup.step.${s}`)}
          </li>
        ))}
      </ol>
      <div className="card setup-card">
        {step === 'engine' && <EngineStep onNext={next} />}
        {step === 'ports' && <PortsStep onNext={next} />}
        {step === 'admin' && <AdminStep onNext={next} />}
        {step === 'integrations' && <IntegrationsStep onNext={next} />}
        {step === 'start' && <StartStep />}
      </div>
    </section>
  );
}

/**
 * A question a step asks the launcher on arrival and again on demand (is the engine there? are the
 * ports free?): the last answer, or why there is none. `ask` must be stable (module level).
 */
function useCheck<T>(ask: (api: LauncherApi) => Promise<T>, initial?: T) {
  const { api } = useConsole();
  const [answer, setAnswer] = useState<T | undefined>(initial);
  const [error, setError] = useState<ShownError | null>(null);
  const load = useCallback(
    () =>
      ask(api).then(
        (value) => {
          setAnswer(value);
          setError(null);
        },
        (e: unknown) => setError(toShownError(e)),
      ),
    [api, ask],
  );
  return { answer, error, load };
}

const diagnose = (api: LauncherApi) => api.diagnose();
const checkPorts = (api: LauncherApi) => api.checkPorts();

function EngineStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const initial = useConsoleStore('setup', (s) => s.state?.engine);
  const { answer: diagnosis, error, load } = useCheck(diagnose, initial);
  const [checked] = useState(initial !== undefined);
  const [checking, setChecking] = useState(false);
  const check = () => {
    setChecking(true);
    void load().finally(() => setChecking(false));
  };
  // On arrival, unless the setup state already carried a fresh check.
  useEffect(() => {
    if (!checked) void load();
  }, [checked, load]);
  return (
    <>
      <h2>{t('setup.engine.title')}</h2>
      {error && <ErrorNote error={error} />}
      {!diagnosis && !error && <p>{t('setup.engine.checking')}</p>}
      {diagnosis?.ok && (
        <p className="note note-ok">
          <CheckCircle2 size={16} aria-hidden />{' '}
          {t('setup.engine.found', {
            name: diagnosis.version?.platformName ?? 'Docker Engine',
            version: diagnosis.version?.engine ?? '?',
            endpoint: diagnosis.endpoint ?? '',
          })}
        </p>
      )}
      {diagnosis && !diagnosis.ok && (
        <ErrorNote
          error={{
            message: diagnosis.problem?.message ?? t('setup.engine.notFound'),
            hint: diagnosis.problem?.hint ?? '',
          }}
        />
      )}
      {diagnosis?.notes.map((n) => (
        <p key={n} className="small muted">
          {n}
        </p>
      ))}
      <div className="step-actions">
        <button type="button" className="btn" onClick={check} disabled={checking}>
          <RefreshCw size={16} aria-hidden /> {t('setup.retry')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!diagnosis?.ok} onClick={onNext}>
          {t('setup.continue')}
        </button>
      </div>
    </>
  );
}

function PortsStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const { answer: conflicts, error, load: check } = useCheck(checkPorts);
  useEffect(() => {
    void check();
  }, [check]);
  return (
    <>
      <h2>{t('setup.ports.title')}</h2>
      {error && <ErrorNote error={error} />}
      {conflicts === undefined && !error ? (
        <p>{t('setup.ports.checking')}</p>
      ) : (
        conflicts && <PortConflicts conflicts={conflicts} onChanged={() => void check()} />
      )}
      <div className="step-actions">
        <button type="button" className="btn" onClick={() => void check()}>
          <RefreshCw size={16} aria-hidden /> {t('setup.retry')}
        </button>
        <button type="button" className="btn btn-primary" disabled={conflicts === undefined} onClick={onNext}>
          {conflicts && conflicts.length > 0 ? t('setup.continueAnyway') : t('setup.continue')}
        </button>
      </div>
    </>
  );
}

function AdminStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const saved = useConsoleStore('settings', (s) => s.settings?.adminUsername);
  const [username, setUsername] = useState(saved ?? 'admin');
  const [credentials, setCredentials] = useState<AdminCredentials | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  if (credentials) {
    return (
      <>
        <h2>{t('setup.admin.created')}</h2>
        <p>{t('setup.admin.shownOnce')}</p>
        <dl className="credentials">
          <dt>{t('setup.admin.username')}</dt>
          <dd>
            <code>{credentials.username}</code>{' '}
            <CopyButton value={credentials.username} label={t('setup.admin.copyUsername')} />
          </dd>
          <dt>{t('setup.admin.password')}</dt>
          <dd>
            <code data-testid="admin-password">{credentials.password}</code>{' '}
            <CopyButton value={credentials.password} label={t('setup.admin.copyPassword')} />
          </dd>
        </dl>
        <div className="step-actions">
          <button type="button" className="btn btn-primary" onClick={onNext}>
            {t('setup.continue')}
          </button>
        </div>
      </>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        api
          .completeSetup({ adminUsername: username.trim() })
          .then(
            (c) => {
              setCredentials(c);
              setError(null);
            },
            (err: unknown) => setError(toShownError(err)),
          )
          .finally(() => setBusy(false));
      }}
    >
      <h2>{t('setup.admin.title')}</h2>
      <p>{t('setup.admin.explain')}</p>
      <label className="field">
        {t('setup.admin.username')}
        <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
      </label>
      {error && <ErrorNote error={error} />}
      <div className="step-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !username.trim()}>
          {t('setup.continue')}
        </button>
      </div>
    </form>
  );
}

function IntegrationsStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const { settings } = useConsole();
  const [values, setValues] = useState<Partial<Record<SecretKey, string>>>({});
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const update = filledSecrets(values);
        if (Object.keys(update).length === 0) return onNext();
        setBusy(true);
        settings
          .getState()
          .saveSecrets(update)
          .then(onNext, (err: unknown) => setError(toShownError(err)))
          .finally(() => setBusy(false));
      }}
    >
      <h2>{t('setup.integrations.title')}</h2>
      <p>{t('setup.integrations.explain')}</p>
      {SECRET_FIELDS.map((field) => (
        <label className="field" key={field.key}>
          {t(field.label)}
          <input
            type={field.secret ? 'password' : 'text'}
            value={values[field.key] ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.target.value }))}
            autoComplete="off"
          />
        </label>
      ))}
      {error && <ErrorNote error={error} />}
      <div className="step-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('setup.continue')}
        </button>
      </div>
    </form>
  );
}

function StartStep() {
  const { t } = useTranslation();
  const { api, tasks, setup, nav } = useConsole();
  const [busy, setBusy] = useState(false);
  const commandError = useConsoleStore('tasks', (s) => s.commandError);
  const toOverview = () => {
    setup.getState().finish();
    nav.getState().go('overview');
  };
  return (
    <>
      <h2>{t('setup.start.title')}</h2>
      <p>{t('setup.start.explain')}</p>
      {commandError && <ErrorNote error={commandError} />}
      <div className="step-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void tasks
              .getState()
              .run(() => api.up())
              .then((task) => {
                setBusy(false);
                if (task) {
                  // The progress panel follows the start on the overview.
                  toOverview();
                  void setup.getState().load();
                }
              });
          }}
        >
          {t('setup.start.button')}
        </button>
        <button type="button" className="btn" onClick={toOverview}>
          {t('setup.start.later')}
        </button>
      </div>
    </>
  );
}
