// The control form (wizard step 2 and the control page's edit dialog): name, description, period
// (the backend's enum), dates, the Node-RED flow (which fills the endpoint and the declared params),
// endpoint, threshold, other params and, optionally, one scope set. Browser checks first; the
// backend's 400s then show on the same fields.
import type { Scope } from '@backend/contract';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Select, TextArea, TextField, useApiForm } from '../../../../components';
import { useT } from '../../../../i18n';
import { useResource } from '../../../../lib/useResource';
import { scopeSetsApi } from '../api';
import { PERIODS, validateControlForm, type ControlFormErrors, type ControlFormValues } from '../controlForm';
import { flowParamNames, rowsForFlow } from '../params';
import { useFlows } from '../useFlows';
import { RowsEditor } from './RowsEditor';

export interface ControlFormProps {
  initial: ControlFormValues;
  submitLabel: string;
  /** Saves the values; an ApiError it throws lands on the fields. */
  onSubmit: (values: ControlFormValues) => Promise<unknown>;
  onCancel?: () => void;
  /** Show the scope set rows (creation); the control page edits scope sets on their own. */
  withScopes?: boolean;
  /** The accessible name of the form. */
  label: string;
}

export function ControlForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  withScopes = false,
  label,
}: ControlFormProps) {
  const { t } = useT('controls');
  const form = useApiForm();
  const [v, setV] = useState<ControlFormValues>(initial);
  const [local, setLocal] = useState<ControlFormErrors>({});
  const flows = useFlows();
  const scopes = useResource<Scope[]>(withScopes ? 'scopes' : null, (s) => scopeSetsApi.scopes(s));

  const set = <K extends keyof ControlFormValues>(k: K, value: ControlFormValues[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    if (local[k as string]) setLocal((e) => ({ ...e, [k]: undefined }));
  };
  const err = (path: string) => {
    const key = local[path];
    return key ? t(key) : form.fieldError(path);
  };

  const chooseFlow = (id: string) => {
    const m = flows.mashups.find((x) => x.id === id);
    setV((old) => ({
      ...old,
      mashupId: id,
      endpoint: m?.endpoints[0]?.url ?? old.endpoint,
      params: m ? rowsForFlow(old.params, flowParamNames(flows.nodes, m.id)) : old.params,
    }));
    setLocal((e) => ({ ...e, 'params.endpoint': undefined }));
  };

  const flowOptions = [
    { value: '', label: t('form.flowNone') },
    ...flows.mashups.map((m) => ({
      value: m.id,
      label: `${m.label || m.id} (${m.endpoints.map((e) => e.url).join(', ')})`,
    })),
  ];
  if (v.mashupId && !flows.mashups.some((m) => m.id === v.mashupId))
    flowOptions.push({ value: v.mashupId, label: v.mashupId });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = validateControlForm(v);
    if (Object.values(errors).some(Boolean)) {
      form.clear();
      setLocal(errors);
      return;
    }
    setLocal({});
    void form.handleSubmit(() => onSubmit(v))();
  };

  return (
    <form noValidate onSubmit={submit} aria-label={label} className="form control-form">
      {form.formError && <Alert tone="danger">{t('form.formError', { message: form.formError })}</Alert>}
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
        rows={2}
        onChange={(e) => set('description', e.target.value)}
        error={err('description')}
      />
      <div className="form-row">
        <Select
          label={t('form.period')}
          value={v.period}
          required
          options={PERIODS.map((p) => ({ value: p, label: t(`periods.${p}`) }))}
          onChange={(e) => set('period', e.target.value as ControlFormValues['period'])}
          error={err('period')}
        />
        <TextField
          label={t('form.startDate')}
          type="date"
          value={v.startDate}
          onChange={(e) => set('startDate', e.target.value)}
          error={err('startDate')}
        />
        <TextField
          label={t('form.endDate')}
          type="date"
          value={v.endDate}
          min={v.startDate || undefined}
          onChange={(e) => set('endDate', e.target.value)}
          error={err('endDate')}
        />
      </div>
      <Select
        label={t('form.flow')}
        value={v.mashupId}
        options={flowOptions}
        hint={flows.loading ? t('form.flowsLoading') : t('form.flowHint')}
        onChange={(e) => chooseFlow(e.target.value)}
        error={err('mashupId')}
      />
      {flows.error !== undefined && (
        <Alert tone="warning">
          {t('form.flowsUnavailable', { message: (flows.error as Error)?.message ?? String(flows.error) })}
        </Alert>
      )}
      <div className="form-row">
        <TextField
          label={t('form.endpoint')}
          value={v.endpoint}
          required
          hint={t('form.endpointHint')}
          onChange={(e) => set('endpoint', e.target.value)}
          error={err('params.endpoint')}
        />
        <TextField
          label={t('form.threshold')}
          value={v.threshold}
          required
          hint={t('form.thresholdHint')}
          onChange={(e) => set('threshold', e.target.value)}
          error={err('params.threshold')}
        />
      </div>
      <RowsEditor
        rows={v.params}
        onChange={(rows) => set('params', rows)}
        error={err('params')}
        labels={{
          legend: t('form.params'),
          hint: t('form.paramsHint'),
          name: (n) => t('form.paramName', { n }),
          value: (n) => t('form.paramValue', { n }),
          add: t('form.addParam'),
          remove: (n) => t('form.removeParam', { n }),
        }}
      />
      {withScopes && (
        <RowsEditor
          rows={v.scopes}
          onChange={(rows) => set('scopes', rows)}
          error={err('scopes')}
          suggestions={(scopes.data ?? []).map((s) => s.name)}
          labels={{
            legend: t('form.scopes'),
            hint: t('form.scopesHint'),
            name: (n) => t('form.scopeName', { n }),
            value: (n) => t('form.scopeValue', { n }),
            add: t('form.addScope'),
            remove: (n) => t('form.removeScope', { n }),
          }}
        />
      )}
      <div className="form-actions">
        {onCancel && (
          <Button onClick={onCancel} disabled={form.submitting}>
            {t('common:cancel')}
          </Button>
        )}
        <Button type="submit" variant="primary" loading={form.submitting}>
          {form.submitting ? t('form.saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
