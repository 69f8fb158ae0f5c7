// Create or edit one secret. Creating needs the value; editing sends only what changed, and a new
// value rotates the secret. The backend's 400/409 land under the fields they name.
import type { Secret, SecretCreated, SecretType, SecretUpdateBody } from '@backend/contract';
import { useState } from 'react';
import { Button, Dialog, Form, Select, TextField, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { secretsApi } from '../api';

export const SECRET_TYPES: readonly SecretType[] = ['API_KEY', 'TOKEN', 'PASSWORD', 'OTHER'];

export interface SecretFormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The secret being edited; absent to create one. */
  secret?: Secret | undefined;
  onCreated?: (created: SecretCreated) => void;
  onSaved?: (saved: Secret) => void;
}

export function SecretFormDialog({ open, onOpenChange, secret, onCreated, onSaved }: SecretFormDialogProps) {
  const { t } = useT('secrets');
  const form = useApiForm();
  const [name, setName] = useState(secret?.name ?? '');
  const [type, setType] = useState<SecretType>((secret?.type as SecretType | undefined) ?? 'API_KEY');
  const [environment, setEnvironment] = useState(secret?.environment ?? 'production');
  const [value, setValue] = useState('');
  const editing = secret !== undefined;
  const formId = editing ? `secret-form-${secret.id}` : 'secret-form-new';

  const submit = async () => {
    if (!editing) {
      if (!value.trim()) {
        form.setFieldErrors({ value: t('valueRequired') });
        return;
      }
      const created = await secretsApi.create({ name, type, environment, value });
      setValue('');
      onCreated?.(created);
      onOpenChange(false);
      return;
    }
    const patch: SecretUpdateBody = {};
    if (name !== secret.name) patch.name = name;
    if (type !== secret.type) patch.type = type;
    if (environment !== secret.environment) patch.environment = environment;
    if (value) patch.value = value;
    if (Object.keys(patch).length === 0) {
      onOpenChange(false);
      return;
    }
    const saved = await secretsApi.update(secret.id, patch);
    setValue('');
    onSaved?.(saved);
    onOpenChange(false);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          setValue('');
          form.clear();
        }
        onOpenChange(o);
      }}
      title={editing ? t('editTitle', { name: secret.name }) : t('createTitle')}
      footer={
        <>
          <Button onClick={() => onOpenChange(false)} disabled={form.submitting}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={form.submitting}>
            {editing ? t('save') : t('create')}
          </Button>
        </>
      }
    >
      <Form form={form} onSubmit={submit} id={formId}>
        <TextField
          label={t('field.name')}
          hint={t('field.nameHint')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={form.fieldError('name')}
          required
          autoComplete="off"
          maxLength={100}
        />
        <Select
          label={t('field.type')}
          value={type}
          onChange={(e) => setType(e.target.value as SecretType)}
          options={SECRET_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))}
          error={form.fieldError('type')}
        />
        <TextField
          label={t('field.environment')}
          hint={t('field.environmentHint')}
          value={environment}
          onChange={(e) => setEnvironment(e.target.value)}
          error={form.fieldError('environment')}
          maxLength={20}
          autoComplete="off"
        />
        <TextField
          label={editing ? t('field.newValue') : t('field.value')}
          type="password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={form.fieldError('value')}
          required={!editing}
          autoComplete="new-password"
        />
      </Form>
    </Dialog>
  );
}
