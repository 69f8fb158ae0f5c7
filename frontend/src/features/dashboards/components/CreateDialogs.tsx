// "New folder" and "New dashboard": the payloads the backend's schemas expect
// (`{title, parentUid?}` and `{dashboard: {title, panels: []}, folderUid}`).
import type { GrafanaFolder, SaveDashboardResult } from '@backend/contract';
import { useState } from 'react';
import { Button, Dialog, Form, Select, TextField, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { dashboardsApi } from '../api';
import { folderOptions } from '../../../lib/dashboardTree';

function Footer({
  formId,
  submitting,
  onCancel,
}: {
  formId: string;
  submitting: boolean;
  onCancel: () => void;
}) {
  const { t } = useT('dashboards');
  return (
    <>
      <Button onClick={onCancel} disabled={submitting}>
        {t('common:cancel')}
      </Button>
      <Button type="submit" form={formId} variant="primary" loading={submitting}>
        {t('create')}
      </Button>
    </>
  );
}

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
  const [title, setTitle] = useState('');
  const [parentUid, setParentUid] = useState('');
  const submit = async () =>
    onCreated(
      await dashboardsApi.createFolder(
        parentUid ? { title: title.trim(), parentUid } : { title: title.trim() },
      ),
    );
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('folderCreateTitle')}
      footer={<Footer formId="new-folder-form" submitting={form.submitting} onCancel={onClose} />}
    >
      <Form form={form} onSubmit={submit} id="new-folder-form">
        <TextField
          label={t('field.title')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={form.fieldError('title')}
          required
          maxLength={200}
          autoComplete="off"
        />
        <Select
          label={t('field.parent')}
          value={parentUid}
          onChange={(e) => setParentUid(e.target.value)}
          options={[{ value: '', label: t('field.none') }, ...folderOptions(folders)]}
          error={form.fieldError('parentUid')}
        />
      </Form>
    </Dialog>
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
  const [title, setTitle] = useState('');
  const [folderUid, setFolderUid] = useState(defaultFolderUid ?? '');
  const submit = async () =>
    onCreated(await dashboardsApi.createDashboard(title.trim(), folderUid || null), title.trim());
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('dashboardCreateTitle')}
      footer={<Footer formId="new-dashboard-form" submitting={form.submitting} onCancel={onClose} />}
    >
      <Form form={form} onSubmit={submit} id="new-dashboard-form">
        <TextField
          label={t('field.title')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={form.fieldError('dashboard.title') ?? form.fieldError('dashboard')}
          required
          maxLength={200}
          autoComplete="off"
        />
        <Select
          label={t('field.folder')}
          value={folderUid}
          onChange={(e) => setFolderUid(e.target.value)}
          options={[{ value: '', label: t('field.general') }, ...folderOptions(folders)]}
          error={form.fieldError('folderUid')}
        />
      </Form>
    </Dialog>
  );
}
