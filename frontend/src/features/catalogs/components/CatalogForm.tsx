// The catalog form (wizard step 1 and the detail page's edit dialog): browser checks first, then the
// backend's 400s on the same fields.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, TextArea, TextField, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { validateCatalogForm, type CatalogFormErrors, type CatalogFormValues } from '../catalogForm';

export function CatalogForm({
  initial,
  submitLabel,
  onSubmit,
  label,
  extraActions,
}: {
  initial: CatalogFormValues;
  submitLabel: string;
  /** Saves the values; an ApiError it throws lands on the fields. */
  onSubmit: (values: CatalogFormValues) => Promise<unknown>;
  label: string;
  /** Buttons before the submit button (Cancel, Back). */
  extraActions?: ReactNode;
}) {
  const { t } = useT('catalogs');
  const form = useApiForm();
  const [v, setV] = useState(initial);
  const [local, setLocal] = useState<CatalogFormErrors>({});
  const set = (k: keyof CatalogFormValues, value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    if (local[k]) setLocal((e) => ({ ...e, [k]: undefined }));
  };
  const err = (k: keyof CatalogFormValues) => (local[k] ? t(local[k]) : form.fieldError(k));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = validateCatalogForm(v);
    if (Object.values(errors).some(Boolean)) {
      form.clear();
      setLocal(errors);
      return;
    }
    setLocal({});
    void form.handleSubmit(() => onSubmit(v))();
  };

  return (
    <form noValidate onSubmit={submit} aria-label={label} className="form">
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      <TextField
        label={t('form.name')}
        value={v.name}
        required
        maxLength={100}
        onChange={(e) => set('name', e.target.value)}
        error={err('name')}
      />
      <TextArea
        label={t('form.description')}
        value={v.description}
        rows={3}
        onChange={(e) => set('description', e.target.value)}
        error={err('description')}
      />
      <div className="form-row">
        <TextField
          label={t('form.startDate')}
          type="date"
          value={v.startDate}
          required
          onChange={(e) => set('startDate', e.target.value)}
          error={err('startDate')}
        />
        <TextField
          label={t('form.endDate')}
          type="date"
          value={v.endDate}
          required
          min={v.startDate || undefined}
          onChange={(e) => set('endDate', e.target.value)}
          error={err('endDate')}
        />
      </div>
      <div className="form-actions">
        {extraActions}
        <Button type="submit" variant="primary" loading={form.submitting}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
