// Creates a Grafana panel for a control and links it (POST /grafana/dashboard/:uid/panel with the
// control's id — the backend writes the SQL over its computations — then POST
// /controls/:id/panel/:panelId): choose the dashboard, the title and the panel type.
import type { GrafanaPanelType, GrafanaSearchHit } from '@backend/contract';
import { useState } from 'react';
import { Alert, Button, Dialog, Select, TextField, useApiForm } from '../../../../components';
import { useT } from '../../../../i18n';
import { useResource } from '../../../../lib/useResource';
import { listOf } from '../../../../lib/dashboardTree';
import { controlsApi, grafanaPanelsApi } from '../api';

/** Every type the backend offers (features/grafana/panels.ts PANEL_TYPES), in menu order. */
export const PANEL_TYPES = [
  'gauge',
  'stat',
  'timeseries',
  'table',
  'bargauge',
] as const satisfies readonly GrafanaPanelType[];

export function CreatePanelDialog({
  controlId,
  controlName,
  onClose,
  onCreated,
}: {
  controlId: number;
  controlName: string;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useT('controls');
  const form = useApiForm();
  const [uid, setUid] = useState('');
  const [title, setTitle] = useState(controlName);
  const [type, setType] = useState<GrafanaPanelType>('gauge');
  const dashboards = useResource<GrafanaSearchHit[]>('grafana/search:dash-db', (s) =>
    grafanaPanelsApi.dashboards(s),
  );
  const list = listOf<GrafanaSearchHit>(dashboards.data) ?? [];

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('panels.createTitle')}
      footer={
        <>
          <Button onClick={onClose} disabled={form.submitting}>
            {t('common:cancel')}
          </Button>
          <Button
            variant="primary"
            disabled={!uid || !title.trim()}
            loading={form.submitting}
            onClick={() =>
              void form.handleSubmit(async () => {
                const made = await grafanaPanelsApi.create(uid, { title: title.trim(), type, controlId });
                await controlsApi.linkPanel(controlId, String(made.panelId), uid);
                onCreated();
              })()
            }
          >
            {t('panels.createButton')}
          </Button>
        </>
      }
    >
      <p className="muted">{t('panels.createHint')}</p>
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      {dashboards.error !== undefined && (
        <Alert tone="warning">
          {t('panels.grafanaUnavailable', { message: (dashboards.error as Error).message })}
        </Alert>
      )}
      <Select
        label={t('panels.dashboard')}
        value={uid}
        onChange={(e) => setUid(e.target.value)}
        options={[
          { value: '', label: t('panels.chooseDashboard') },
          ...list.map((d) => ({ value: d.uid, label: d.title })),
        ]}
      />
      <TextField
        label={t('panels.panelTitle')}
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        error={form.fieldError('title')}
      />
      <Select
        label={t('panels.type')}
        value={type}
        onChange={(e) => setType(e.target.value as GrafanaPanelType)}
        error={form.fieldError('type')}
        options={PANEL_TYPES.map((p) => ({ value: p, label: t(`panels.types.${p}`) }))}
      />
    </Dialog>
  );
}
