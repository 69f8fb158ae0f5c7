import type { SignIn2faRequired, User } from '@backend/contract';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../api';
import { useSession } from '../../../lib/session';
import { AppIcon } from '../../../components/AppIcon';
import { Alert, Button, Form, TextField, useApiForm } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { useResource } from '../../../lib/useResource';
import { authApi, isBesideApp, leaveAppFor, PROVIDERS_KEY, safeNext } from '../api';
import { messages } from '../messages';

registerMessages('auth', messages);

/** GitHub's mark (lucide has no brand icons). */
function GitHubMark() {
  return (
    <svg width="18" height="18" viewBox="0 0 16 16" fill="currentColor" aria-hidden="true">
      <path d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z" />
    </svg>
  );
}

/** Already signed in, sent here by Grafana or Node-RED (an expired access cookie, now refreshed): back. */
function LeaveApp({ to }: { to: string }) {
  useEffect(() => leaveAppFor(to), [to]);
  return null;
}

const is2faRequired = (e: unknown) =>
  isApiError(e) &&
  e.status === 401 &&
  (e.body as Partial<SignIn2faRequired> | undefined)?.requires2FA === true;

export function Component() {
  const { t } = useT('auth');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const status = useSession((s) => s.status);
  const setUser = useSession((s) => s.setUser);
  const next = safeNext(params.get('next'));
  const form = useApiForm();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  // The GitHub button only when the backend has a GitHub OAuth app: without one its start route
  // cannot work. Hidden while asking and when the answer fails (the password form still works).
  const providers = useResource(PROVIDERS_KEY, (signal) => authApi.providers(signal));
  const githubOffered = providers.data?.github === true;

  if (status === 'authenticated')
    return isBesideApp(next) ? <LeaveApp to={next} /> : <Navigate to={next} replace />;

  const done = (user: User) => {
    setUser(user);
    if (isBesideApp(next)) leaveAppFor(next);
    else navigate(next, { replace: true });
  };

  const submitPassword = async () => {
    const errs: Record<string, string> = {};
    if (!username.trim()) errs.username = t('required', { field: t('username') });
    if (!password) errs.password = t('required', { field: t('password') });
    setLocalErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      done(await authApi.signIn({ username: username.trim(), password }));
    } catch (e) {
      if (is2faRequired(e)) {
        setStep('totp');
        return;
      }
      throw e;
    }
  };

  const submitCode = async () => {
    if (!/^\d{6}$/.test(code.trim())) {
      setLocalErrors({ totpToken: t('codeFormat') });
      return;
    }
    setLocalErrors({});
    done(await authApi.signIn({ username: username.trim(), password, totpToken: code.trim() }));
  };

  const githubError = params.get('error') === 'github' ? (params.get('message') ?? '') : null;
  const fieldError = (name: string) => localErrors[name] ?? form.fieldError(name);

  return (
    <div className="auth-page">
      <main className="auth-card">
        <div className="auth-brand">
          <AppIcon size={28} aria-hidden="true" />
          <span>STATUS</span>
        </div>
        {step === 'password' ? (
          <>
            <h1 className="page-title">{t('title')}</h1>
            {githubError !== null && (
              <Alert tone="danger">{t('githubFailed', { message: githubError })}</Alert>
            )}
            <Form form={form} onSubmit={submitPassword} aria-label={t('title')}>
              <TextField
                label={t('username')}
                name="username"
                autoComplete="username"
                autoFocus
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                error={fieldError('username')}
              />
              <TextField
                label={t('password')}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={fieldError('password')}
              />
              <Button type="submit" variant="primary" className="btn-block" loading={form.submitting}>
                {form.submitting ? t('signingIn') : t('signIn')}
              </Button>
            </Form>
            {githubOffered && (
              <>
                <div className="auth-divider">{t('or')}</div>
                <a className="btn btn-block" href={authApi.githubUrl()}>
                  <GitHubMark />
                  {t('github')}
                </a>
              </>
            )}
          </>
        ) : (
          <>
            <h1 className="page-title">{t('totpTitle')}</h1>
            <p className="muted">{t('totpHelp', { username })}</p>
            <Form form={form} onSubmit={submitCode} aria-label={t('totpTitle')}>
              <TextField
                label={t('totpCode')}
                name="totpToken"
                className="otp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="\d{6}"
                maxLength={6}
                autoFocus
                required
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                error={fieldError('totpToken')}
              />
              <Button type="submit" variant="primary" className="btn-block" loading={form.submitting}>
                {t('verify')}
              </Button>
              <Button
                variant="ghost"
                className="btn-block"
                onClick={() => {
                  setStep('password');
                  setCode('');
                  setPassword('');
                  form.clear();
                }}
              >
                {t('useOtherAccount')}
              </Button>
            </Form>
          </>
        )}
      </main>
    </div>
  );
}
