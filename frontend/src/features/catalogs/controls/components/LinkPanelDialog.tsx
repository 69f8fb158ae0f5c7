// Links a panel of a Grafana dashboard to a control (POST /controls/:id/panel/:panelId): choose the
// dashboard, then one of its panels, both listed through the backend.
import type { GrafanaSearchHit } from '@backend/contract';
import { useState } from 'react';
import { Alert, Button, Dialog, Select, useApiForm } from '../../../../components';
import { useT } from '../../../../i18n';
import { useResource } from '../../../../lib/useResource';
import { controlsApi, grafanaPanelsApi, type DashboardPanel } from '../api';

export function LinkPanelDialog({
  controlId,
  onClose,
  onLinked,
}: {
  controlId: number;
  onClose: () => void;
  onLinked: () => void;
}) {
  const { t } = useT('controls');
  const form = useApiForm();
  const [uid, setUid] = useState('');
  const [panelId, setPanelId] = useState('');
  const dashboards = useResource<GrafanaSearchHit[]>('grafana/search:dash-db', (s) =>
    grafanaPanelsApi.dashboards(s),
  );
  const panels = useResource<DashboardPanel[]>(uid ? `grafana/dashboard:${uid}:panels` : null, (s) =>
    grafanaPanelsApi.panels(uid, s),
  );
  const error = dashboards.error ?? panels.error;

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('panels.linkTitle')}
      footer={
        <>
          <Button onClick={onClose} disabled={form.submitting}>
            {t('common:cancel')}
          </Button>
          <Button
            variant="primary"
            disabled={!uid || !panelId}
            loading={form.submitting}
            onClick={() =>
              void form.handleSubmit(async () => {
                await controlsApi.linkPanel(controlId, panelId, uid);
                onLinked();
              })()
            }
          >
            {t('panels.linkButton')}
          </Button>
        </>
      }
    >
      {form.formError && <Alert tone="danger">{form.formError}</Alert>}
      {error !== undefined && (
        <Alert tone="warning">{t('panels.grafanaUnavailable', { message: (error as Error).message })}</Alert>
      )}
      <Select
        label={t('panels.dashboard')}
        value={uid}
        onChange={(e) => {
          setUid(e.target.value);
          setPanelId('');
        }}
        options={[
          { value: '', label: t('panels.chooseDashboard') },
          ...(dashboards.data ?? []).map((d) => ({ value: d.uid, label: d.title })),
        ]}
      />
      {uid && panels.data?.length === 0 ? (
        <p className="muted">{t('panels.noPanels')}</p>
      ) : (
        <Select
          label={t('panels.panelField')}
          value={panelId}
          disabled={!uid || !panels.data}
          onChange={(e) => setPanelId(e.target.value)}
          error={form.fieldError('panelId') ?? form.fieldError('dashboardUid')}
          options={[
            { value: '', label: t('panels.choosePanel') },
            ...(panels.data ?? []).map((p) => ({ value: String(p.id), label: `${p.title} (#${p.id})` })),
          ]}
        />
      )}
    </Dialog>
  );
}
