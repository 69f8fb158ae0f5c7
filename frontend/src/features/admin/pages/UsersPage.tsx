import type { User } from '@backend/contract';
import { Plus, UserCog } from 'lucide-react';
import { useSession } from '../../../lib/session';
import {
  Badge,
  Button,
  EmptyState,
  PageHeader,
  ResourceTable,
  toast,
  type Column,
} from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { invalidate } from '../../../lib/useResource';
import { useResourceList } from '../../../lib/useResourceList';
import { adminApi, USERS_KEY } from '../api';
import { RoleDialog } from '../components/RoleDialog';
import { UserFormDialog } from '../components/UserFormDialog';
import { messages } from '../messages';

registerMessages('admin', messages);

const ROLE_TONE = { ADMIN: 'danger', DEVELOPER: 'info', USER: 'neutral' } as const;

export function Component() {
  const { t } = useT('admin');
  const me = useSession((s) => s.user);
  const users = useResourceList(USERS_KEY, adminApi.users);
  const isMe = (u: User) => u.id === me?.id;

  const columns: Column<User>[] = [
    {
      key: 'username',
      header: t('users.username'),
      sortValue: (u) => u.username,
      render: (u) => (
        <strong>
          {u.username}
          {isMe(u) && <span className="muted"> ({t('users.you')})</span>}
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
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          <Button variant="primary" icon={<Plus size={16} />} onClick={users.dialogs.create}>
            {t('users.new')}
          </Button>
        }
      />
      <ResourceTable
        resource={users}
        caption={t('users.caption')}
        columns={columns}
        rowKey={(u) => u.id}
        initialSort={{ key: 'username', dir: 'asc' }}
        empty={<EmptyState body={t('users.empty')} />}
        actionsHeader={t('common:actions')}
        edit={{ label: (u) => t('users.changeRole', { name: u.username }), icon: <UserCog size={16} /> }}
        remove={{
          label: (u) => (isMe(u) ? t('users.cannotDeleteSelf') : t('users.delete', { name: u.username })),
          disabled: isMe,
          title: (u) => t('users.deleteTitle', { name: u.username }),
          body: (u) => t('users.deleteBody', { name: u.username }),
          run: async (u) => {
            await adminApi.deleteUser(u.id);
            toast.success(t('users.deleted', { name: u.username }));
            invalidate(USERS_KEY);
          },
        }}
        editor={(user, close) =>
          user ? (
            <RoleDialog
              user={user}
              isSelf={isMe(user)}
              onClose={close}
              onChanged={(u) => {
                toast.success(
                  t('users.roleChanged', { name: u.username, role: t(`common:roles.${u.authority}`) }),
                );
                invalidate(USERS_KEY);
              }}
            />
          ) : (
            <UserFormDialog
              open
              onOpenChange={(o) => !o && close()}
              onCreated={(u) => {
                toast.success(t('userForm.created', { name: u.username }));
                invalidate(USERS_KEY);
              }}
            />
          )
        }
      />
    </>
  );
}
