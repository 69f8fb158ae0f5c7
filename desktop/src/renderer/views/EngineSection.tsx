// Settings → Engine: the engine driven now, the engines to choose from (the default, the Docker
// contexts of this computer, an ssh:// or tcp://+TLS address), a Test that says what answers there
// (or what stands in the way), and the switch.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DrivingEngine } from '../components/DrivingEngine.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { formatBytes } from '../lib/format.js';
import { isLiveState } from '../lib/services.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import type { EngineChoice, EnginesOverview, EngineTestResult } from '../types.js';
import { SwitchEngineDialog } from './EngineSectionSwitch.js';

/** The radio picked: 'default', 'context:<name>', or 'added' (the address form). */
type Pick = string;

interface AddedForm {
  kind: 'ssh' | 'tcp';
  host: string;
  name: string;
  ca: string;
  cert: string;
  key: string;
}

const EMPTY_FORM: AddedForm = { kind: 'tcp', host: '', name: '', ca: '', cert: '', key: '' };

/** The address typed, and the kind its scheme names (an ssh:// address under "TCP" is not a TCP engine). */
function withAddress(form: AddedForm, host: string): AddedForm {
  const scheme = /^\s*(ssh|tcp):\/\//i.exec(host)?.[1]?.toLowerCase();
  return { ...form, host, kind: scheme === 'ssh' || scheme === 'tcp' ? scheme : form.kind };
}

function pickOf(choice: EngineChoice): Pick {
  if (choice.kind === 'default') return 'default';
  if (choice.kind === 'context') return `context:${choice.name}`;
  return 'added';
}

function formOf(choice: EngineChoice): AddedForm {
  if (choice.kind === 'ssh')
    return { ...EMPTY_FORM, kind: 'ssh', host: choice.host, name: choice.name ?? '' };
  if (choice.kind === 'tcp')
    return { ...EMPTY_FORM, host: choice.host, name: choice.name ?? '', ...(choice.tls ?? {}) };
  return EMPTY_FORM;
}

/** The choice the form describes (the launcher checks it again and names what is wrong). */
function choiceOf(pick: Pick, form: AddedForm): EngineChoice {
  if (pick === 'default') return { kind: 'default' };
  if (pick.startsWith('context:')) return { kind: 'context', name: pick.slice('context:'.length) };
  const name = form.name.trim() ? { name: form.name.trim() } : {};
  if (form.kind === 'ssh') return { kind: 'ssh', host: form.host.trim(), ...name };
  const tls = [form.ca, form.cert, form.key].some((file) => file.trim())
    ? { tls: { ca: form.ca.trim(), cert: form.cert.trim(), key: form.key.trim() } }
    : {};
  return { kind: 'tcp', host: form.host.trim(), ...name, ...tls };
}

/** How a person names a choice (engine-choice.ts's engineChoiceName, which the console can't import). */
function nameOf(choice: EngineChoice): string {
  if (choice.kind === 'default') return 'default';
  if (choice.kind === 'context') return choice.name;
  return choice.name ?? choice.host;
}

/** The same engine: a new choice of it is no switch (its key order in settings.json may differ). */
function sameChoice(a: EngineChoice, b: EngineChoice): boolean {
  const key = (c: EngineChoice) =>
    JSON.stringify([
      c.kind,
      'name' in c ? c.name : undefined,
      'host' in c ? c.host : undefined,
      c.kind === 'tcp' ? [c.tls?.ca, c.tls?.cert, c.tls?.key] : undefined,
    ]);
  return key(a) === key(b);
}

export function EngineSection() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [overview, setOverview] = useState<EnginesOverview | null>(null);
  const [pick, setPick] = useState<Pick>('default');
  const [form, setForm] = useState<AddedForm>(EMPTY_FORM);
  const [report, setReport] = useState<EngineTestResult | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [switched, setSwitched] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  // Containers of the platform run on the engine driven now: leaving it asks first.
  const platformRuns = useConsoleStore(
    'status',
    (s) =>
      s.status?.engine === 'connected' &&
      Object.values(s.status.services).some((service) => isLiveState(service.state)),
  );

  const show = (next: EnginesOverview) => {
    setOverview(next);
    setPick(pickOf(next.chosen));
    setForm(formOf(next.chosen));
  };
  useEffect(() => {
    api.engines().then(show, (e: unknown) => setError(toShownError(e)));
  }, [api]);

  const attempt = (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setSwitched(null);
    work()
      .catch((e: unknown) => setError(toShownError(e)))
      .finally(() => setBusy(false));
  };
  const test = () =>
    attempt(async () => {
      setReport(null);
      setReport(await api.testEngine(choiceOf(pick, form)));
    });
  const switchEngine = async () => {
    const next = await api.useEngine(choiceOf(pick, form));
    show(next);
    setSwitched(next.chosenName);
  };
  const askFirst =
    asking || (overview !== null && platformRuns && !sameChoice(choiceOf(pick, form), overview.chosen));
  const use = (e: FormEvent) => {
    e.preventDefault();
    // With the dialog's button instead of a submit button, Enter in a field must not switch either.
    if (!askFirst) attempt(switchEngine);
  };
  const field = (key: keyof AddedForm) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
    spellCheck: false,
  });

  if (!overview) return error ? <ErrorNote error={error} /> : <p>{t('common.loading')}</p>;
  return (
    <form onSubmit={use}>
      <p className="small muted">{t('engines.explain')}</p>
      <p>
        <DrivingEngine driving={overview.driving} />
      </p>
      {overview.warnings.map((warning) => (
        <p key={warning} className="note note-warn">
          {warning}
        </p>
      ))}
      <fieldset>
        <legend>{t('engines.which')}</legend>
        <label className="check">
          <input
            type="radio"
            name="engine"
            checked={pick === 'default'}
            onChange={() => setPick('default')}
          />
          {t('engines.defaultChoice')}
        </label>
        {overview.contexts.map((context) => (
          <label key={context.name} className="check">
            <input
              type="radio"
              name="engine"
              checked={pick === `context:${context.name}`}
              onChange={() => setPick(`context:${context.name}`)}
            />
            {t('engines.context', { name: context.name, host: context.host })}
            {context.name === overview.cliContext && ` ${t('engines.cliCurrent')}`}
          </label>
        ))}
        <label className="check">
          <input type="radio" name="engine" checked={pick === 'added'} onChange={() => setPick('added')} />
          {t('engines.added')}
        </label>
      </fieldset>
      {pick === 'added' && (
        <fieldset>
          <legend>{t('engines.kind')}</legend>
          {(['tcp', 'ssh'] as const).map((kind) => (
            <label key={kind} className="check">
              <input
                type="radio"
                name="engine-kind"
                checked={form.kind === kind}
                onChange={() => setForm({ ...form, kind })}
              />
              {t(`engines.kinds.${kind}`)}
            </label>
          ))}
          <label className="field">
            {t('engines.address')}
            <input
              {...field('host')}
              onChange={(e) => setForm(withAddress(form, e.target.value))}
              placeholder={form.kind === 'ssh' ? 'ssh://user@host' : 'tcp://host:2376'}
            />
          </label>
          <label className="field">
            {t('engines.label')}
            <input {...field('name')} placeholder="remote-1" />
          </label>
          {form.kind === 'tcp' && (
            <>
              <p className="small muted">{t('engines.tls')}</p>
              {(['ca', 'cert', 'key'] as const).map((key) => (
                <label key={key} className="field">
                  {t(`engines.${key}`)}
                  <input {...field(key)} placeholder={`/home/me/.docker/remote-1/${key}.pem`} />
                </label>
              ))}
            </>
          )}
        </fieldset>
      )}
      {report && <TestReport report={report} />}
      {error && <ErrorNote error={error} />}
      <div className="step-actions">
        {switched && <span role="status">{t('engines.switched', { name: switched })}</span>}
        <button type="button" className="btn" onClick={test} disabled={busy}>
          {busy ? t('engines.testing') : t('engines.test')}
        </button>
        {askFirst ? (
          <SwitchEngineDialog
            from={overview.driving?.name ?? overview.chosenName}
            to={nameOf(choiceOf(pick, form))}
            disabled={busy}
            switchEngine={switchEngine}
            onSwitchAnyway={() => attempt(switchEngine)}
            onBusy={setBusy}
            onOpenChange={setAsking}
          />
        ) : (
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('engines.use')}
          </button>
        )}
      </div>
    </form>
  );
}

/** What answered (version, resources, Swarm role), or what stands in the way and what to do. */
function TestReport({ report }: { report: EngineTestResult }) {
  const { t } = useTranslation();
  if (!report.ok || !report.version) {
    return <ErrorNote error={report.problem ?? { message: report.endpoint }} />;
  }
  const { version, resources } = report;
  return (
    <div role="status" className="note note-ok" data-testid="engine-test">
      <p className="note-title">
        {t('engines.answers', {
          name: report.name,
          version: version.engine,
          api: version.apiVersion,
          os: version.os,
          arch: version.arch,
        })}
      </p>
      {resources && (
        <p>
          {t('engines.resources', { cpus: resources.cpus, memory: formatBytes(resources.memoryBytes) })}{' '}
          {resources.swarmManager ? t('engines.swarmManager') : t('engines.notSwarm')}
        </p>
      )}
    </div>
  );
}
