// Create or edit a scope definition. The backend normalizes the name (lower case, spaces → _) and
// answers 400/409 naming the field; those messages show under the field.
import type { Scope, ScopeUpdateBody } from '@backend/contract';
import { FormDialog, Select, TextArea, TextField, useApiForm, useFormFields } from '../../../../components';
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
  const fields = useFormFields(form, {
    name: scope?.name ?? '',
    description: scope?.description ?? '',
    type: scope?.type ?? 'string',
    default: scope?.default ?? '',
  });
  const { type } = fields.values;
  const types: string[] = (SCOPE_TYPES as readonly string[]).includes(type)
    ? [...SCOPE_TYPES]
    : [...SCOPE_TYPES, type];

  const submit = async () => {
    if (!scope) {
      const created = await scopesApi.create(fields.values);
      onSaved(created, true);
      return;
    }
    const patch: ScopeUpdateBody = changedFields(scope, fields.values);
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
        {...fields.bind('name')}
        required
        maxLength={100}
        autoComplete="off"
      />
      <TextArea label={t('field.description')} {...fields.bind('description')} rows={3} />
      <Select
        label={t('field.type')}
        {...fields.bind('type')}
        options={types.map((v) => ({ value: v, label: t(`type.${v}`, { defaultValue: v }) }))}
      />
      <TextField label={t('field.default')} {...fields.bind('default')} autoComplete="off" />
    </FormDialog>
  );
}
