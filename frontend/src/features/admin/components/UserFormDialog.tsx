// Creates a user (POST /users/signUp). The server validates; its 400 field errors show under the
// fields, its 409 (name or email taken) under the field it names.
import type { Role, User } from '@backend/contract';
import { FormDialog, Select, TextField, useApiForm, useFormFields } from '../../../components';
import { useT } from '../../../i18n';
import { isApiError } from '../../../api';
import { adminApi } from '../api';
import { roleOptions } from './roles';

export function UserFormDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (user: User) => void;
}) {
  const { t } = useT('admin');
  const form = useApiForm();
  const fields = useFormFields(form, { username: '', email: '', password: '', role: 'USER' });
  const values = fields.values;

  const submit = async () => {
    const missing: Record<string, string> = {};
    for (const k of ['username', 'email', 'password'] as const) {
      if (!values[k].trim()) missing[k] = t('userForm.required', { field: t(`userForm.${k}`) });
    }
    if (Object.keys(missing).length) {
      form.setFieldErrors(missing);
      return;
    }
    try {
      const res = await adminApi.createUser({
        username: values.username.trim(),
        email: values.email.trim(),
        password: values.password,
        authority: values.role as Role,
      });
      onCreated(res.user);
      onOpenChange(false);
    } catch (e) {
      // 409 names the taken field in its message: show it there too.
      if (isApiError(e) && e.status === 409) {
        const field = /email/i.test(e.message) ? 'email' : 'username';
        form.setFieldErrors({ [field]: e.message });
      }
      throw e;
    }
  };

  return (
    <FormDialog
      open={open}
      form={form}
      onSubmit={submit}
      onClose={() => onOpenChange(false)}
      title={t('userForm.title')}
      label={t('userForm.title')}
      submitLabel={t('userForm.create')}
    >
      <TextField
        label={t('userForm.username')}
        name="username"
        autoComplete="off"
        required
        hint={t('userForm.usernameHint')}
        {...fields.bind('username')}
      />
      <TextField
        label={t('userForm.email')}
        name="email"
        type="email"
        autoComplete="off"
        required
        {...fields.bind('email')}
      />
      <TextField
        label={t('userForm.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t('userForm.passwordHint')}
        {...fields.bind('password')}
      />
      <Select
        label={t('userForm.role')}
        name="role"
        {...fields.bind('role')}
        options={roleOptions(t)}
        error={form.fieldError('authority') ?? form.fieldError('role')}
      />
    </FormDialog>
  );
}
