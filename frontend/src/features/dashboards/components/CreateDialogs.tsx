// "New folder" and "New dashboard": the payloads the backend's schemas expect
// (`{title, parentUid?}` and `{dashboard: {title, panels: []}, folderUid}`).
import type { GrafanaFolder, SaveDashboardResult } from '@backend/contract';
import { FormDialog, Select, TextField, useApiForm, useFormFields } from '../../../components';
import { useT } from '../../../i18n';
import { dashboardsApi } from '../api';
import { folderOptions } from '../../../lib/dashboardTree';

export function NewFolderDialog({
  folders,
  onClose,
  onCreated,
}: {
  folders: GrafanaFolder[];
  onClose: () => void;
  onCreated: (f: GrafanaFolder) => void;
}) {
  const { t } = useT('dashboards');
  const form = useApiForm();
  const fields = useFormFields(form, { title: '', parentUid: '' });
  const { title, parentUid } = fields.values;
  const submit = async () =>
    onCreated(
      await dashboardsApi.createFolder(
        parentUid ? { title: title.trim(), parentUid } : { title: title.trim() },
      ),
    );
  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      title={t('folderCreateTitle')}
      submitLabel={t('create')}
    >
      <TextField
        label={t('field.title')}
        {...fields.bind('title')}
        required
        maxLength={200}
        autoComplete="off"
      />
      <Select
        label={t('field.parent')}
        {...fields.bind('parentUid')}
        options={[{ value: '', label: t('field.none') }, ...folderOptions(folders)]}
      />
    </FormDialog>
  );
}

export function NewDashboardDialog({
  folders,
  defaultFolderUid,
  onClose,
  onCreated,
}: {
  folders: GrafanaFolder[];
  defaultFolderUid?: string | undefined;
  onClose: () => void;
  onCreated: (d: SaveDashboardResult, title: string) => void;
}) {
  const { t } = useT('dashboards');
  const form = useApiForm();
  const fields = useFormFields(form, { title: '', folderUid: defaultFolderUid ?? '' });
  const { title, folderUid } = fields.values;
  const submit = async () =>
    onCreated(await dashboardsApi.createDashboard(title.trim(), folderUid || null), title.trim());
  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      title={t('dashboardCreateTitle')}
      submitLabel={t('create')}
    >
      <TextField
        label={t('field.title')}
        {...fields.bind('title', 'dashboard.title')}
        error={form.fieldError('dashboard.title') ?? form.fieldError('dashboard')}
        required
        maxLength={200}
        autoComplete="off"
      />
      <Select
        label={t('field.folder')}
        {...fields.bind('folderUid')}
        options={[{ value: '', label: t('field.general') }, ...folderOptions(folders)]}
      />
    </FormDialog>
  );
}
