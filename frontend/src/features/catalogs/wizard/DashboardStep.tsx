// Wizard step 3: optionally link a Grafana dashboard (a new one made from the backend's template, or
// an existing one), through the backend's Grafana routes. The catalog stores its uid (dashboard_id).
import type { Catalog, GrafanaFolder, GrafanaSearchHit } from '@backend/contract';
import { useState, type FormEvent } from 'react';
import { Alert, Button, Select, TextField, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { useResource } from '../../../lib/useResource';
import { catalogsApi, grafanaApi } from '../api';

type Choice = 'new' | 'existing' | 'none';

export function DashboardStep({
  catalog,
  onSaved,
  onBack,
  onNext,
}: {
  catalog: Catalog;
  onSaved: (c: Catalog) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useT('catalogs');
  const form = useApiForm();
  const [choice, setChoice] = useState<Choice>(catalog.dashboard_id ? 'existing' : 'none');
  const [title, setTitle] = useState(t('wizard.dashboardTitleDefault', { name: catalog.name }));
  const [folder, setFolder] = useState('');
  const [existing, setExisting] = useState(catalog.dashboard_id ?? '');
  const wantsGrafana = choice !== 'none';
  const folders = useResource<GrafanaFolder[]>(wantsGrafana ? 'grafana/folder' : null, (s) =>
    grafanaApi.folders(s),
  );
  const dashboards = useResource<GrafanaSearchHit[]>(wantsGrafana ? 'grafana/search:dash-db' : null, (s) =>
    grafanaApi.dashboards(s),
  );
  const grafanaError = folders.error ?? dashboards.error;

  const link = async (uid: string | null) => {
    if ((catalog.dashboard_id ?? null) === uid) return;
    onSaved(await catalogsApi.update(catalog.id, { dashboard_id: uid }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (choice === 'new' && !title.trim()) {
      form.clear();
      form.setFieldErrors({ name: t('errors.nameRequired') });
      return;
    }
    if (choice === 'existing' && !existing) {
      form.clear();
      form.setFieldErrors({ dashboard: t('wizard.chooseDashboard') });
      return;
    }
    void form.handleSubmit(async () => {
      if (choice === 'new') {
        const r = await grafanaApi.createFromTemplate({
          name: title.trim(),
          folderId: folder || null,
          startDate: catalog.startDate,
          ...(catalog.endDate ? { endDate: catalog.endDate } : {}),
        });
        await link(r.dashboard.uid);
      } else {
        await link(choice === 'existing' ? existing : null);
      }
      onNext();
    })();
  };

  const radio = (value: Choice, label: string) => (
    <label className="radio">
      <input
        type="radio"
        name="dashboard-choice"
        value={value}
        checked={choice === value}
        onChange={() => setChoice(value)}
      />
      {label}
    </label>
  );

  return (
    <form noValidate onSubmit={submit} className="form wizard-step" aria-label={t('wizard.step.dashboard')}>
      <p className="page-description">{t('wizard.dashboardIntro')}</p>
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      {catalog.dashboard_id && <p>{t('wizard.dashboardLinked', { uid: catalog.dashboard_id })}</p>}
      <fieldset className="radio-group">
        <legend className="field-label">{t('wizard.dashboardChoice')}</legend>
        {radio('none', t('wizard.dashboardNone'))}
        {radio('new', t('wizard.dashboardNew'))}
        {radio('existing', t('wizard.dashboardExisting'))}
      </fieldset>
      {wantsGrafana && grafanaError !== undefined && (
        <Alert tone="warning">
          {t('wizard.grafanaUnavailable', {
            message: (grafanaError as Error)?.message ?? String(grafanaError),
          })}
        </Alert>
      )}
      {choice === 'new' && (
        <div className="form-row">
          <TextField
            label={t('wizard.dashboardTitle')}
            value={title}
            required
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            error={form.fieldError('name')}
          />
          <Select
            label={t('wizard.folder')}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            options={[
              { value: '', label: t('wizard.folderGeneral') },
              ...(folders.data ?? []).map((f) => ({ value: f.uid, label: f.title })),
            ]}
            error={form.fieldError('folderId')}
          />
        </div>
      )}
      {choice === 'existing' && (
        <Select
          label={t('wizard.dashboard')}
          value={existing}
          onChange={(e) => setExisting(e.target.value)}
          options={[
            { value: '', label: t('wizard.chooseDashboard') },
            ...(dashboards.data ?? []).map((d) => ({ value: d.uid, label: d.title })),
            ...(existing && !(dashboards.data ?? []).some((d) => d.uid === existing)
              ? [{ value: existing, label: existing }]
              : []),
          ]}
          error={form.fieldError('dashboard')}
        />
      )}
      <div className="form-actions">
        <Button onClick={onBack} disabled={form.submitting}>
          {t('common:back')}
        </Button>
        <Button onClick={onNext} disabled={form.submitting}>
          {t('wizard.skip')}
        </Button>
        <Button type="submit" variant="primary" loading={form.submitting}>
          {t('common:next')}
        </Button>
      </div>
    </form>
  );
}
