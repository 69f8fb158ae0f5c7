// /dashboards/:uid: one Grafana dashboard, each panel embedded from `<grafanaBase>/d-solo/…` with
// one time range for all of them and the app's current theme.
import { ArrowLeft, ExternalLink, RefreshCw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  PageHeader,
  Select,
  Skeleton,
  toast,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { config } from '../../../config';
import { registerMessages, useT } from '../../../i18n';
import { invalidate, useResource } from '../../../lib/useResource';
import { DASHBOARDS_KEY, dashboardKey, dashboardsApi } from '../api';
import { messages } from '../messages';
import { embeddablePanels } from '../panels';
import { dashboardUrl, panelEmbedUrl } from '../../../lib/panelUrl';
import { presetOf, rangeFromDashboard, TIME_PRESETS, type TimeRange } from '../../../lib/timeRange';
import { useDocumentTheme } from '../useDocumentTheme';
import '../dashboards.css';

registerMessages('dashboards', messages);

const DEFAULT_OPTION = 'default';

export function Component() {
  const { t } = useT('dashboards');
  const { uid = '' } = useParams();
  const navigate = useNavigate();
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const theme = useDocumentTheme();
  const dashboard = useResource(dashboardKey(uid), (signal) => dashboardsApi.dashboard(uid, signal));
  const [chosen, setChosen] = useState<TimeRange>();
  const [nonce, setNonce] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const grafanaBase = config().grafanaBase;

  const back = (
    <Link to="/dashboards" className="page-back-link">
      <ArrowLeft size={16} aria-hidden="true" /> {t('back')}
    </Link>
  );

  if (dashboard.error !== undefined && !dashboard.data)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <ErrorState
          title={t('dashboardError')}
          error={dashboard.error}
          onRetry={() => void dashboard.reload()}
        />
      </>
    );
  if (!dashboard.data)
    return (
      <>
        <PageHeader title={t('title')} back={back} />
        <Skeleton lines={6} />
      </>
    );

  const { dashboard: json, meta } = dashboard.data;
  const title = json.title || uid;
  const own = rangeFromDashboard(json.time);
  const range = chosen ?? own;
  const ownPreset = presetOf(own);
  const selected = presetOf(range) ?? DEFAULT_OPTION;
  const panels = embeddablePanels(json.panels);
  const folderTitle = typeof meta.folderTitle === 'string' ? meta.folderTitle : undefined;

  const options = [
    ...(ownPreset ? [] : [{ value: DEFAULT_OPTION, label: t('custom') }]),
    ...TIME_PRESETS.map((p) => ({ value: p, label: t(`preset.${p}`) })),
  ];

  return (
    <>
      <PageHeader
        title={title}
        back={back}
        description={folderTitle ? t('folderLabel', { name: folderTitle }) : undefined}
        actions={
          <>
            <a
              className="btn btn-secondary"
              href={dashboardUrl({ grafanaBase, dashboardUid: uid, range })}
              target="_blank"
              rel="noopener noreferrer"
            >
              <ExternalLink size={16} aria-hidden="true" />
              {t('openInGrafana')}
            </a>
            {canWrite && (
              <Button
                variant="danger"
                icon={<Trash2 size={16} aria-hidden="true" />}
                onClick={() => setDeleting(true)}
              >
                {t('delete')}
              </Button>
            )}
          </>
        }
      />
      <div className="toolbar">
        <Select
          label={t('range')}
          value={selected}
          onChange={(e) =>
            setChosen(e.target.value === DEFAULT_OPTION ? undefined : { from: e.target.value, to: 'now' })
          }
          options={options}
        />
        <Button icon={<RefreshCw size={16} aria-hidden="true" />} onClick={() => setNonce((n) => n + 1)}>
          {t('refresh')}
        </Button>
      </div>
      {panels.length === 0 ? (
        <EmptyState title={t('noPanels')} body={t('noPanelsHint')} />
      ) : (
        <div className="panels">
          {panels.map((p) => {
            const name = p.title || t('untitledPanel');
            return (
              <figure key={`${p.id}-${nonce}`} className="panel">
                <figcaption>{name}</figcaption>
                <iframe
                  title={t('panelTitle', { title: name })}
                  src={panelEmbedUrl({ grafanaBase, dashboardUid: uid, panelId: p.id, range, theme })}
                  loading="lazy"
                />
              </figure>
            );
          })}
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={setDeleting}
          title={t('deleteDashboardTitle')}
          body={t('deleteDashboardBody', { name: title })}
          onConfirm={async () => {
            await dashboardsApi.deleteDashboard(uid);
            toast.success(t('deleted', { name: title }));
            await navigate('/dashboards');
            invalidate(DASHBOARDS_KEY);
          }}
        />
      )}
    </>
  );
}
