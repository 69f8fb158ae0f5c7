// /secrets: the signed-in user's own secrets. Every role manages its own (the backend scopes every
// call to the caller), so nothing here is hidden by role.
import type { Secret, SecretCreated } from '@backend/contract';
import { useState } from 'react';
import {
  Badge,
  NewButton,
  EmptyState,
  PageHeader,
  ResourceTable,
  toast,
  type Column,
} from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { invalidate } from '../../../lib/useResource';
import { useResourceList } from '../../../lib/useResourceList';
import { SECRETS_KEY, secretsApi } from '../api';
import { SecretFormDialog } from '../components/SecretFormDialog';
import { SecretRevealDialog } from '../components/SecretRevealDialog';
import { messages } from '../messages';

registerMessages('secrets', messages);

export function Component() {
  const { t } = useT('secrets');
  const secrets = useResourceList(SECRETS_KEY, (signal) => secretsApi.list(signal));
  // Held only until the reveal dialog closes; never stored anywhere else.
  const [revealed, setRevealed] = useState<{ name: string; value: string } | null>(null);

  const columns: Column<Secret>[] = [
    {
      key: 'name',
      header: t('col.name'),
      render: (s) => <strong>{s.name}</strong>,
      sortValue: (s) => s.name,
    },
    {
      key: 'type',
      header: t('col.type'),
      render: (s) => <Badge>{t(`type.${s.type}`, { defaultValue: s.type })}</Badge>,
      sortValue: (s) => s.type,
    },
    {
      key: 'environment',
      header: t('col.environment'),
      render: (s) => s.environment,
      sortValue: (s) => s.environment,
    },
    {
      key: 'version',
      header: t('col.version'),
      render: (s) => s.version,
      sortValue: (s) => s.version,
      align: 'end',
    },
    {
      key: 'updated',
      header: t('col.updated'),
      render: (s) => formatDateTime(s.updatedAt),
      sortValue: (s) => s.updatedAt,
      hideOnMobile: true,
    },
  ];

  const newButton = <NewButton label={t('new')} onClick={secrets.dialogs.create} />;

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} actions={newButton} />
      <ResourceTable
        resource={secrets}
        caption={t('title')}
        columns={columns}
        rowKey={(s) => s.id}
        initialSort={{ key: 'name', dir: 'asc' }}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={newButton} />}
        actionsHeader={t('col.actions')}
        edit={{ label: (s) => t('edit', { name: s.name }) }}
        remove={{
          label: (s) => t('delete', { name: s.name }),
          title: () => t('deleteTitle'),
          body: (s) => t('deleteBody', { name: s.name }),
          run: async (s) => {
            await secretsApi.remove(s.id);
            invalidate(SECRETS_KEY);
            toast.success(t('deleted', { name: s.name }));
          },
        }}
        editor={(secret, close) => (
          <SecretFormDialog
            secret={secret}
            onClose={close}
            onCreated={(created: SecretCreated) => {
              invalidate(SECRETS_KEY);
              setRevealed({ name: created.name, value: created.value });
            }}
            onSaved={(s) => {
              invalidate(SECRETS_KEY);
              toast.success(t('updated', { name: s.name }));
            }}
          />
        )}
      />
      <SecretRevealDialog secret={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}
