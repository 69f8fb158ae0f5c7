// "Check for updates" and the upgrade: every image against its registry (and, optionally, a newer
// release's stack file), what an upgrade would change, and — after saying what it does — the
// upgrade itself as a task (its steps and outcome show in the progress panel).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../components/ErrorNote.js';
import { toShownError, type ShownError } from '../lib/errors.js';
import { useConsole } from '../stores/console.js';
import type { UpdateCheck, UpdateRequest } from '../types.js';

export function UpdatesForm() {
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const [stack, setStack] = useState('');
  const [check, setCheck] = useState<UpdateCheck | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const request = (): UpdateRequest => (stack.trim() ? { stack: stack.trim() } : {});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setConfirming(false);
    api
      .checkUpdates(request())
      .then(
        (answer) => {
          setCheck(answer);
          setError(null);
        },
        (err: unknown) => setError(toShownError(err)),
      )
      .finally(() => setBusy(false));
  };
  const upgrade = () => {
    setConfirming(false);
    void tasks.getState().run(() => api.upgrade(request()));
  };

  return (
    <form onSubmit={submit} aria-labelledby="updates-title">
      <h3 id="updates-title">{t('updates.title')}</h3>
      <p className="small muted">{t('updates.explain')}</p>
      <label className="field">
        {t('updates.stack')}
        <input
          value={stack}
          placeholder="https://example.com/status/compose.yaml"
          onChange={(e) => setStack(e.target.value)}
          spellCheck={false}
        />
      </label>
      <div className="step-actions">
        <button type="submit" className="btn" disabled={busy}>
          {busy ? t('updates.checking') : t('updates.check')}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      {check && (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('updates.service')}</th>
                <th scope="col">{t('updates.image')}</th>
                <th scope="col">{t('updates.state')}</th>
              </tr>
            </thead>
            <tbody>
              {check.images.map((image) => (
                <tr key={image.service}>
                  <td>{image.service}</td>
                  <td className="mono">{image.image}</td>
                  <td>
                    {t(`updates.states.${image.state}`)}
                    {image.reason && <span className="small muted"> — {image.reason}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {check.release && check.release.newServices.length > 0 && (
            <p className="note note-warn">
              {t('updates.newServices', { services: check.release.newServices.join(', ') })}
            </p>
          )}
          {check.plan.length === 0 ? (
            <p role="status">{t('updates.nothing')}</p>
          ) : (
            <>
              <p>{t('updates.plan', { count: check.plan.length })}</p>
              <ul aria-label={t('updates.planLabel')}>
                {check.plan.map((p) => (
                  <li key={p.service} className="mono small">
                    {p.service}: {p.from} → {p.to}
                  </li>
                ))}
              </ul>
              {confirming ? (
                <div className="note" role="alertdialog" aria-label={t('updates.confirmTitle')}>
                  <p>{t('updates.confirm')}</p>
                  <div className="step-actions">
                    <button type="button" className="btn" onClick={() => setConfirming(false)}>
                      {t('action.cancel')}
                    </button>
                    <button type="button" className="btn btn-primary" onClick={upgrade}>
                      {t('updates.upgradeNow')}
                    </button>
                  </div>
                </div>
              ) : (
                <div className="step-actions">
                  <button type="button" className="btn btn-primary" onClick={() => setConfirming(true)}>
                    {t('updates.upgrade')}
                  </button>
                </div>
              )}
            </>
          )}
        </>
      )}
    </form>
  );
}
