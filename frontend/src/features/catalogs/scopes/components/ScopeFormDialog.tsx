// Create or edit a scope definition. The backend normalizes the name (lower case, spaces → _) and
// answers 400/409 naming the field; those messages show under the field.
import type { Scope, ScopeUpdateBody } from '@backend/contract';
import { useState } from 'react';
import { FormDialog, Select, TextArea, TextField, useApiForm } from '../../../../components';
import { useT } from '../../../../i18n';
import { changedFields } from '../../../../lib/changedFields';
import { scopesApi } from '../api';

export const SCOPE_TYPES = ['string', 'number', 'boolean'] as const;

export function ScopeFormDialog({
  scope,
  onClose,
  onSaved,
}: {
  /** The scope being edited; absent to create one. */
  scope?: Scope | undefined;
  onClose: () => void;
  onSaved: (scope: Scope, created: boolean) => void;
}) {
  const { t } = useT('scopes');
  const form = useApiForm();
  const [name, setName] = useState(scope?.name ?? '');
  const [description, setDescription] = useState(scope?.description ?? '');
  const [type, setType] = useState(scope?.type ?? 'string');
  const [def, setDef] = useState(scope?.default ?? '');
  const types: string[] = (SCOPE_TYPES as readonly string[]).includes(type)
    ? [...SCOPE_TYPES]
    : [...SCOPE_TYPES, type];

  const submit = async () => {
    if (!scope) {
      const created = await scopesApi.create({ name, description, type, default: def });
      onSaved(created, true);
      return;
    }
    const patch: ScopeUpdateBody = changedFields(scope, { name, description, type, default: def });
    onSaved(Object.keys(patch).length ? await scopesApi.update(scope.id, patch) : scope, false);
  };

  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      title={scope ? t('editTitle', { name: scope.name }) : t('createTitle')}
      submitLabel={scope ? t('save') : t('create')}
    >
      <TextField
        label={t('field.name')}
        hint={t('field.nameHint')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={form.fieldError('name')}
        required
        maxLength={100}
        autoComplete="off"
      />
      <TextArea
        label={t('field.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={form.fieldError('description')}
        rows={3}
      />
      <Select
        label={t('field.type')}
        value={type}
        onChange={(e) => setType(e.target.value)}
        options={types.map((v) => ({ value: v, label: t(`type.${v}`, { defaultValue: v }) }))}
        error={form.fieldError('type')}
      />
      <TextField
        label={t('field.default')}
        value={def}
        onChange={(e) => setDef(e.target.value)}
        error={form.fieldError('default')}
        autoComplete="off"
      />
    </FormDialog>
  );
}
