import type { Configuration } from '@backend/contract';
import { useState } from 'react';
import {
  Button,
  Card,
  EmptyState,
  Form,
  PageHeader,
  ResourceTable,
  ResourceView,
  Switch,
  TextField,
  toast,
  useApiForm,
  describeApiError,
  type Column,
} from '../../../components';
import { isApiError } from '../../../api';
import { registerMessages, useT } from '../../../i18n';
import { useResource } from '../../../lib/useResource';
import { adminApi, FLAGS_KEY, LIMIT_KEY } from '../api';
import { messages } from '../messages';

registerMessages('admin', messages);

function FlagSwitch({ row, onChanged }: { row: Configuration; onChanged: (row: Configuration) => void }) {
  const { t } = useT('admin');
  const [busy, setBusy] = useState(false);
  const change = async (available: boolean) => {
    setBusy(true);
    try {
      await adminApi.setFlag({ endpoint: row.endpoint, available });
      onChanged({ ...row, available });
      toast.success(
        t('settings.flagSaved', {
          endpoint: row.endpoint,
          state: available ? t('settings.enabled') : t('settings.disabled'),
        }),
      );
    } catch (e) {
      toast.error(isApiError(e) ? describeApiError(e, t) : t('common:error.unexpected'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Switch
      label={<span className="visually-hidden">{t('settings.toggle', { endpoint: row.endpoint })}</span>}
      checked={row.available}
      disabled={busy}
      onCheckedChange={(v) => void change(v)}
    />
  );
}

function AssistantLimitForm({ limit }: { limit: number }) {
  const { t } = useT('admin');
  const form = useApiForm();
  const [value, setValue] = useState(String(limit));
  const submit = async () => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1) {
      form.setFieldErrors({ limit: t('settings.limitInvalid') });
      return;
    }
    await adminApi.setAssistantLimit(n);
    toast.success(t('settings.limitSaved'));
  };
  return (
    <Form form={form} onSubmit={submit} aria-label={t('settings.limit')}>
      <TextField
        label={t('settings.limitLabel')}
        name="limit"
        type="number"
        min={1}
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={form.fieldError('limit')}
        hint={t('settings.limitHelp')}
      />
      <div>
        <Button type="submit" variant="primary" loading={form.submitting}>
          {t('common:save')}
        </Button>
      </div>
    </Form>
  );
}

export function Component() {
  const { t } = useT('admin');
  const flags = useResource(FLAGS_KEY, adminApi.flags);
  const limit = useResource(LIMIT_KEY, adminApi.assistantLimit);
  const columns: Column<Configuration>[] = [
    {
      key: 'endpoint',
      header: t('settings.endpoint'),
      sortValue: (r) => r.endpoint,
      render: (r) => <code>{r.endpoint}</code>,
    },
    {
      key: 'available',
      header: t('settings.available'),
      sortValue: (r) => r.available,
      render: (r) => (
        <FlagSwitch
          row={r}
          onChanged={(next) => flags.setData((flags.data ?? []).map((x) => (x.id === next.id ? next : x)))}
        />
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <div className="grid-2">
        <Card title={t('settings.flags')}>
          <p className="muted">{t('settings.flagsHelp')}</p>
          <ResourceTable
            resource={flags}
            empty={<EmptyState body={t('settings.noFlags')} />}
            caption={t('settings.flagsCaption')}
            columns={columns}
            rowKey={(r) => r.id}
            initialSort={{ key: 'endpoint', dir: 'asc' }}
          />
        </Card>
        <Card title={t('settings.limit')}>
          <ResourceView resource={limit} isEmpty={() => false}>
            {(l) => <AssistantLimitForm limit={l.limit} />}
          </ResourceView>
        </Card>
      </div>
    </>
  );
}
