// Changes a user's role (PATCH /users/:id). The server ends that user's sessions so the new role
// applies when they sign in again; its 409 (the last ADMIN) shows on top of the form.
import type { Role, User } from '@backend/contract';
import { useState } from 'react';
import { Button, Dialog, Form, Select, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { adminApi } from '../api';

const ROLES: Role[] = ['USER', 'DEVELOPER', 'ADMIN'];

export function RoleDialog({
  user,
  isSelf,
  onOpenChange,
  onChanged,
}: {
  /** The user whose role is edited; null keeps the dialog closed. */
  user: User | null;
  isSelf: boolean;
  onOpenChange: (open: boolean) => void;
  onChanged: (user: User) => void;
}) {
  const { t } = useT('admin');
  const name = user?.username ?? '';
  return (
    <Dialog
      open={user !== null}
      onOpenChange={onOpenChange}
      title={t('roleForm.title', { name })}
      description={isSelf ? t('roleForm.selfHint') : t('roleForm.hint', { name })}
    >
      {/* keyed: another user starts from their own role and a clean form */}
      {user && <RoleForm key={user.id} user={user} onOpenChange={onOpenChange} onChanged={onChanged} />}
    </Dialog>
  );
}

function RoleForm({
  user,
  onOpenChange,
  onChanged,
}: {
  user: User;
  onOpenChange: (open: boolean) => void;
  onChanged: (user: User) => void;
}) {
  const { t } = useT('admin');
  const form = useApiForm();
  const [role, setRole] = useState<Role>(user.authority);

  const submit = async () => {
    const res = await adminApi.setRole(user.id, { role });
    onChanged(res.user);
    onOpenChange(false);
  };

  return (
    <Form form={form} onSubmit={submit} aria-label={t('roleForm.title', { name: user.username })}>
      <Select
        label={t('roleForm.role')}
        name="role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        options={ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))}
        error={form.fieldError('role')}
      />
      <div className="dialog-footer">
        <Button onClick={() => onOpenChange(false)}>{t('common:cancel')}</Button>
        <Button type="submit" variant="primary" loading={form.submitting} disabled={role === user.authority}>
          {t('roleForm.save')}
        </Button>
      </div>
    </Form>
  );
}
