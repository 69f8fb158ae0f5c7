import type { TotpSetupResponse } from '@backend/contract';
import { LogOut, ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { signOut, useSession } from '../../../lib/session';
import {
  Alert,
  Badge,
  Button,
  Card,
  Form,
  PageHeader,
  ResourceView,
  Stack,
  TextField,
  toast,
  useApiForm,
} from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { useResource } from '../../../lib/useResource';
import { accountApi, secretOf, TOTP_STATUS_KEY } from '../api';
import { messages } from '../messages';

registerMessages('account', messages);

const SIX_DIGITS = /^\d{6}$/;

function SetupTotp({ onEnabled }: { onEnabled: () => void }) {
  const { t } = useT('account');
  const start = useApiForm();
  const verify = useApiForm();
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);
  const [code, setCode] = useState('');

  if (!setup) {
    return (
      <Form form={start} onSubmit={async () => setSetup(await accountApi.setupTotp())}>
        <p>{t('twofaOff')}</p>
        <div>
          <Button type="submit" variant="primary" loading={start.submitting} icon={<ShieldCheck size={16} />}>
            {t('setup')}
          </Button>
        </div>
      </Form>
    );
  }
  const key = secretOf(setup.otpauthUrl);
  return (
    <Form
      form={verify}
      aria-label={t('setup')}
      onSubmit={async () => {
        if (!SIX_DIGITS.test(code)) {
          verify.setFieldErrors({ totpToken: t('codeFormat') });
          return;
        }
        await accountApi.verifyTotp(code);
        toast.success(t('enabled'));
        onEnabled();
      }}
    >
      <p>{t('scan')}</p>
      <img className="qr" src={setup.qrCode} alt={t('qrAlt')} width={200} height={200} />
      {key && (
        <p>
          {t('manualKey')}: <code>{key}</code>
        </p>
      )}
      <TextField
        label={t('code')}
        name="totpToken"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        className="otp"
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        error={verify.fieldError('totpToken')}
      />
      <div>
        <Button type="submit" variant="primary" loading={verify.submitting}>
          {t('verify')}
        </Button>
      </div>
    </Form>
  );
}

function DisableTotp({ onDisabled }: { onDisabled: () => void }) {
  const { t } = useT('account');
  const form = useApiForm();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  return (
    <Form
      form={form}
      aria-label={t('disable')}
      onSubmit={async () => {
        if (!password && !code) {
          form.setFormError(t('disableNeedsOne'));
          return;
        }
        if (code && !SIX_DIGITS.test(code)) {
          form.setFieldErrors({ totpToken: t('codeFormat') });
          return;
        }
        await accountApi.disableTotp({
          ...(password ? { password } : {}),
          ...(code ? { totpToken: code } : {}),
        });
        toast.success(t('disabled'));
        onDisabled();
      }}
    >
      <Alert tone="success">{t('twofaOn')}</Alert>
      <p className="muted">{t('disableHelp')}</p>
      <TextField
        label={t('password')}
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={form.fieldError('password')}
      />
      <TextField
        label={t('code')}
        name="totpToken"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        error={form.fieldError('totpToken')}
      />
      <div>
        <Button type="submit" variant="danger" loading={form.submitting}>
          {t('disable')}
        </Button>
      </div>
    </Form>
  );
}

export function Component() {
  const { t } = useT('account');
  const user = useSession((s) => s.user);
  const reloadSession = useSession((s) => s.load);
  const status = useResource(TOTP_STATUS_KEY, accountApi.totpStatus);
  const navigate = useNavigate();
  const changed = () => {
    void status.reload();
    void reloadSession();
  };
  if (!user) return null;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="grid-2">
        <Card title={t('profile')}>
          <dl className="details">
            <dt>{t('username')}</dt>
            <dd>{user.username}</dd>
            <dt>{t('email')}</dt>
            <dd>{user.email ?? '—'}</dd>
            <dt>{t('role')}</dt>
            <dd>
              <Badge>{t(`common:roles.${user.authority}`)}</Badge>
            </dd>
            <dt>{t('github')}</dt>
            <dd>{user.githubLogin ?? t('notLinked')}</dd>
          </dl>
        </Card>
        <Card title={t('twofa')}>
          <ResourceView resource={status} isEmpty={() => false}>
            {(s) =>
              s.twofa_enabled ? <DisableTotp onDisabled={changed} /> : <SetupTotp onEnabled={changed} />
            }
          </ResourceView>
        </Card>
        <Card title={t('session')}>
          <Stack direction="column" gap={3}>
            <p className="muted">{t('sessionHelp')}</p>
            <div>
              <Button
                icon={<LogOut size={16} />}
                onClick={() => void signOut().finally(() => navigate('/sign-in', { replace: true }))}
              >
                {t('signOut')}
              </Button>
            </div>
          </Stack>
        </Card>
      </div>
    </>
  );
}
