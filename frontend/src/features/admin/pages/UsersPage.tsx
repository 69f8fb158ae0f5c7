import type { User } from '@backend/contract';
import { Plus, Trash2, UserCog } from 'lucide-react';
import { useState } from 'react';
import { useSession } from '../../../lib/session';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  IconButton,
  PageHeader,
  ResourceView,
  Table,
  toast,
  type Column,
} from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { invalidate, useResource } from '../../../lib/useResource';
import { adminApi, USERS_KEY } from '../api';
import { RoleDialog } from '../components/RoleDialog';
import { UserFormDialog } from '../components/UserFormDialog';
import { messages } from '../messages';

registerMessages('admin', messages);

const ROLE_TONE = { ADMIN: 'danger', DEVELOPER: 'info', USER: 'neutral' } as const;

export function Component() {
  const { t } = useT('admin');
  const me = useSession((s) => s.user);
  const users = useResource(USERS_KEY, adminApi.users);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [editing, setEditing] = useState<User | null>(null);

  const columns: Column<User>[] = [
    {
      key: 'username',
      header: t('users.username'),
      sortValue: (u) => u.username,
      render: (u) => (
        <strong>
          {u.username}
          {u.id === me?.id && <span className="muted"> ({t('users.you')})</span>}
        </strong>
      ),
    },
    { key: 'email', header: t('users.email'), sortValue: (u) => u.email, render: (u) => u.email ?? '—' },
    {
      key: 'role',
      header: t('users.role'),
      sortValue: (u) => u.authority,
      render: (u) => <Badge tone={ROLE_TONE[u.authority]}>{t(`common:roles.${u.authority}`)}</Badge>,
    },
    {
      key: 'twofa',
      header: t('users.twofa'),
      sortValue: (u) => u.twofaEnabled,
      render: (u) => (u.twofaEnabled ? t('users.on') : t('users.off')),
    },
    {
      key: 'github',
      header: t('users.github'),
      hideOnMobile: true,
      render: (u) => u.githubLogin ?? '—',
    },
    {
      key: 'created',
      header: t('users.created'),
      hideOnMobile: true,
      sortValue: (u) => u.createdAt,
      render: (u) => formatDate(u.createdAt),
    },
    {
      key: 'actions',
      header: t('common:actions'),
      align: 'end',
      render: (u) => (
        <>
          <IconButton
            aria-label={t('users.changeRole', { name: u.username })}
            icon={<UserCog size={16} />}
            onClick={() => setEditing(u)}
          />
          <IconButton
            aria-label={
              u.id === me?.id ? t('users.cannotDeleteSelf') : t('users.delete', { name: u.username })
            }
            icon={<Trash2 size={16} />}
            disabled={u.id === me?.id}
            onClick={() => setDeleting(u)}
          />
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
            {t('users.new')}
          </Button>
        }
      />
      <ResourceView resource={users} empty={<EmptyState body={t('users.empty')} />}>
        {(rows) => (
          <Table
            caption={t('users.caption')}
            columns={columns}
            rows={rows}
            rowKey={(u) => u.id}
            initialSort={{ key: 'username', dir: 'asc' }}
          />
        )}
      </ResourceView>
      <UserFormDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(u) => {
          toast.success(t('userForm.created', { name: u.username }));
          invalidate(USERS_KEY);
        }}
      />
      <RoleDialog
        user={editing}
        isSelf={editing !== null && editing.id === me?.id}
        onOpenChange={(o) => !o && setEditing(null)}
        onChanged={(u) => {
          toast.success(t('users.roleChanged', { name: u.username, role: t(`common:roles.${u.authority}`) }));
          invalidate(USERS_KEY);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('users.deleteTitle', { name: deleting?.username ?? '' })}
        body={t('users.deleteBody', { name: deleting?.username ?? '' })}
        onConfirm={async () => {
          if (!deleting) return;
          await adminApi.deleteUser(deleting.id);
          toast.success(t('users.deleted', { name: deleting.username }));
          invalidate(USERS_KEY);
        }}
      />
    </>
  );
}
