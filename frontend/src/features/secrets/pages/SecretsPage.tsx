// /secrets: the signed-in user's own secrets. Every role manages its own (the backend scopes every
// call to the caller), so nothing here is hidden by role.
import type { Secret, SecretCreated } from '@backend/contract';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  IconButton,
  PageHeader,
  ResourceView,
  Stack,
  Table,
  toast,
  type Column,
} from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { invalidate, useResource } from '../../../lib/useResource';
import { SECRETS_KEY, secretsApi } from '../api';
import { SecretFormDialog } from '../components/SecretFormDialog';
import { SecretRevealDialog } from '../components/SecretRevealDialog';
import { messages } from '../messages';

registerMessages('secrets', messages);

export function Component() {
  const { t } = useT('secrets');
  const secrets = useResource(SECRETS_KEY, (signal) => secretsApi.list(signal));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Secret>();
  const [deleting, setDeleting] = useState<Secret>();
  // Held only until the reveal dialog closes; never stored anywhere else.
  const [revealed, setRevealed] = useState<{ name: string; value: string } | null>(null);

  const onCreated = (created: SecretCreated) => {
    invalidate(SECRETS_KEY);
    setRevealed({ name: created.name, value: created.value });
  };

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
    {
      key: 'actions',
      header: t('col.actions'),
      align: 'end',
      render: (s) => (
        <Stack gap={1}>
          <IconButton
            aria-label={t('edit', { name: s.name })}
            icon={<Pencil size={16} />}
            onClick={() => setEditing(s)}
          />
          <IconButton
            aria-label={t('delete', { name: s.name })}
            icon={<Trash2 size={16} />}
            onClick={() => setDeleting(s)}
          />
        </Stack>
      ),
    },
  ];

  const newButton = (
    <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
      {t('new')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} actions={newButton} />
      <ResourceView
        resource={secrets}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={newButton} />}
      >
        {(rows) => (
          <Table
            caption={t('title')}
            columns={columns}
            rows={rows}
            rowKey={(s) => s.id}
            initialSort={{ key: 'name', dir: 'asc' }}
          />
        )}
      </ResourceView>

      {creating && <SecretFormDialog open onOpenChange={setCreating} onCreated={onCreated} />}
      {editing && (
        <SecretFormDialog
          open
          secret={editing}
          onOpenChange={(o) => !o && setEditing(undefined)}
          onSaved={(s) => {
            invalidate(SECRETS_KEY);
            toast.success(t('updated', { name: s.name }));
          }}
        />
      )}
      <SecretRevealDialog secret={revealed} onClose={() => setRevealed(null)} />
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(undefined)}
          title={t('deleteTitle')}
          body={t('deleteBody', { name: deleting.name })}
          onConfirm={async () => {
            await secretsApi.remove(deleting.id);
            invalidate(SECRETS_KEY);
            toast.success(t('deleted', { name: deleting.name }));
          }}
        />
      )}
    </>
  );
}
