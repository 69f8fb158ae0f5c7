// Creates a user (POST /users/signUp). The server validates; its 400 field errors show under the
// fields, its 409 (name or email taken) under the field it names.
import type { Role, SignUpBody, User } from '@backend/contract';
import { useState } from 'react';
import { FormDialog, Select, TextField, useApiForm } from '../../../components';
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
  const [values, setValues] = useState<
    Required<Pick<SignUpBody, 'username' | 'email' | 'password'>> & { role: Role }
  >({ username: '', email: '', password: '', role: 'USER' });
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

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
        authority: values.role,
      });
      setValues({ username: '', email: '', password: '', role: 'USER' });
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
        value={values.username}
        onChange={set('username')}
        error={form.fieldError('username')}
      />
      <TextField
        label={t('userForm.email')}
        name="email"
        type="email"
        autoComplete="off"
        required
        value={values.email}
        onChange={set('email')}
        error={form.fieldError('email')}
      />
      <TextField
        label={t('userForm.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t('userForm.passwordHint')}
        value={values.password}
        onChange={set('password')}
        error={form.fieldError('password')}
      />
      <Select
        label={t('userForm.role')}
        name="role"
        value={values.role}
        onChange={set('role')}
        options={roleOptions(t)}
        error={form.fieldError('authority') ?? form.fieldError('role')}
      />
    </FormDialog>
  );
}
