// Changes a user's role (PATCH /users/:id). The server ends that user's sessions so the new role
// applies when they sign in again; its 409 (the last ADMIN) shows on top of the form.
import type { Role, User } from '@backend/contract';
import { useState } from 'react';
import { FormDialog, Select, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { adminApi } from '../api';
import { roleOptions } from './roles';

export function RoleDialog({
  user,
  isSelf,
  onClose,
  onChanged,
}: {
  user: User;
  isSelf: boolean;
  onClose: () => void;
  onChanged: (user: User) => void;
}) {
  const { t } = useT('admin');
  const form = useApiForm();
  const [role, setRole] = useState<Role>(user.authority);
  const title = t('roleForm.title', { name: user.username });

  const submit = async () => {
    onChanged((await adminApi.setRole(user.id, { role })).user);
    onClose();
  };

  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      title={title}
      label={title}
      description={isSelf ? t('roleForm.selfHint') : t('roleForm.hint', { name: user.username })}
      submitLabel={t('roleForm.save')}
      submitDisabled={role === user.authority}
    >
      <Select
        label={t('roleForm.role')}
        name="role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
        options={roleOptions(t)}
        error={form.fieldError('role')}
      />
    </FormDialog>
  );
}
