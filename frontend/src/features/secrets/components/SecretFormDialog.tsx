// Create or edit one secret. Creating needs the value; editing sends only what changed, and a new
// value rotates the secret. The backend's 400/409 land under the fields they name.
import type { Secret, SecretCreated, SecretType, SecretUpdateBody } from '@backend/contract';
import { FormDialog, Select, TextField, useApiForm, useFormFields } from '../../../components';
import { useT } from '../../../i18n';
import { changedFields } from '../../../lib/changedFields';
import { secretsApi } from '../api';

export const SECRET_TYPES: readonly SecretType[] = ['API_KEY', 'TOKEN', 'PASSWORD', 'OTHER'];

export interface SecretFormDialogProps {
  onClose: () => void;
  /** The secret being edited; absent to create one. */
  secret?: Secret | undefined;
  onCreated?: (created: SecretCreated) => void;
  onSaved?: (saved: Secret) => void;
}

export function SecretFormDialog({ onClose, secret, onCreated, onSaved }: SecretFormDialogProps) {
  const { t } = useT('secrets');
  const form = useApiForm();
  // The value lives only while the dialog is open (it unmounts on close).
  const fields = useFormFields(form, {
    name: secret?.name ?? '',
    type: secret?.type ?? 'API_KEY',
    environment: secret?.environment ?? 'production',
    value: '',
  });
  const { value, ...meta } = fields.values;
  // The value lives only while the dialog is open (it unmounts on close).

  const submit = async () => {
    if (!secret) {
      if (!value.trim()) {
        form.setFieldErrors({ value: t('valueRequired') });
        return;
      }
      onCreated?.(await secretsApi.create({ ...meta, type: meta.type as SecretType, value }));
      onClose();
      return;
    }
    const patch: SecretUpdateBody = changedFields(secret, { ...meta, type: meta.type as SecretType });
    if (value) patch.value = value;
    if (Object.keys(patch).length > 0) onSaved?.(await secretsApi.update(secret.id, patch));
    onClose();
  };

  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      title={secret ? t('editTitle', { name: secret.name }) : t('createTitle')}
      submitLabel={secret ? t('save') : t('create')}
    >
      <TextField
        label={t('field.name')}
        hint={t('field.nameHint')}
        {...fields.bind('name')}
        required
        autoComplete="off"
        maxLength={100}
      />
      <Select
        label={t('field.type')}
        {...fields.bind('type')}
        options={SECRET_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))}
      />
      <TextField
        label={t('field.environment')}
        hint={t('field.environmentHint')}
        {...fields.bind('environment')}
        maxLength={20}
        autoComplete="off"
      />
      <TextField
        label={secret ? t('field.newValue') : t('field.value')}
        type="password"
        {...fields.bind('value')}
        required={!secret}
        autoComplete="new-password"
      />
    </FormDialog>
  );
}
