// /catalogs/:id — deep-linkable (everything is fetched by id): header with edit, the controls with
// their latest result, compliance over time (registry points when there are any, else the controls'
// computations) and the linked dashboard.
import type { Catalog, Computation, Control, Point } from '@backend/contract';
import { Pencil } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Button,
  Card,
  Dialog,
  EmptyState,
  ErrorState,
  PageHeader,
  ResourceTable,
  Skeleton,
  StatusBadge,
  toast,
  type Column,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { registerMessages, useT } from '../../../i18n';
import { formatDate, formatDateTime } from '../../../lib/format';
import { invalidate, useResource } from '../../../lib/useResource';
import { messages as controlMessages } from '../controls/messages';
import { catalogsApi, overviewApi } from '../api';
import { formFromCatalog, toCatalogUpdateBody } from '../catalogForm';
import {
  compliance,
  dailyCompliance,
  latestByControl,
  samplesFromComputations,
  samplesFromPoints,
} from '../compliance';
import { ComplianceChart } from '../ComplianceChart';
import { CatalogForm } from '../components/CatalogForm';
import { ComplianceBadge } from '../components/ComplianceBadge';
import { parseId } from '../../../lib/catalogIds';
import { messages } from '../messages';

registerMessages('catalogs', messages);
registerMessages('controls', controlMessages);

/** Computations per control shown in the chart (newest first from the backend). */
const HISTORY = 100;

export function Component() {
  const { id: raw } = useParams();
  const { t } = useT('catalogs');
  const id = parseId(raw);
  const catalog = useResource<Catalog>(id ? `catalogs:${id}` : null, (s) => catalogsApi.get(id!, s));
  if (!id) return <ErrorState error={new Error(t('errors.badId', { id: raw }))} />;
  if (catalog.error !== undefined && !catalog.data)
    return <ErrorState error={catalog.error} onRetry={() => void catalog.reload()} />;
  if (!catalog.data) return <Skeleton lines={8} />;
  return <CatalogDetail catalog={catalog.data} onSaved={catalog.setData} />;
}

function CatalogDetail({ catalog: c, onSaved }: { catalog: Catalog; onSaved: (c: Catalog) => void }) {
  const { t } = useT('catalogs');
  const { t: tc } = useT('controls');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const [editing, setEditing] = useState(false);
  const controls = useResource<Control[]>(`catalogs:${c.id}:controls`, (s) => catalogsApi.controls(c.id, s));
  const ids = (controls.data ?? []).map((x) => x.id);
  const computations = useResource<Computation[]>(
    controls.data ? `computations:catalog:${c.id}:${ids.join(',')}` : null,
    async (s) =>
      (await Promise.all(ids.map((cid) => overviewApi.controlComputations(cid, HISTORY, s)))).flat(),
  );
  const points = useResource<Point[]>(c.tpaId ? `points:catalog:${c.tpaId}` : null, (s) =>
    catalogsApi.points(c.tpaId!, s),
  );

  const latest = useMemo(() => latestByControl(computations.data ?? []), [computations.data]);
  const current = controls.data && computations.data ? compliance(controls.data, latest) : undefined;
  const fromPoints = (points.data ?? []).length > 0;
  const series = useMemo(
    () =>
      dailyCompliance(
        fromPoints ? samplesFromPoints(points.data ?? []) : samplesFromComputations(computations.data ?? []),
      ),
    [fromPoints, points.data, computations.data],
  );

  const columns: Column<Control>[] = [
    {
      key: 'name',
      header: t('detail.control'),
      sortValue: (x) => x.name,
      render: (x) => <Link to={`/controls/${x.id}`}>{x.name}</Link>,
    },
    {
      key: 'status',
      header: t('list.status'),
      sortValue: (x) => x.status,
      hideOnMobile: true,
      render: (x) => <StatusBadge status={x.status} label={t(`status.${x.status}`)} />,
    },
    {
      key: 'period',
      header: t('detail.period'),
      sortValue: (x) => x.period,
      render: (x) => tc(`periods.${x.period}`),
    },
    {
      key: 'result',
      header: t('detail.lastResult'),
      sortValue: (x) => String(latest.get(x.id)?.value ?? ''),
      render: (x) => {
        const v = latest.get(x.id)?.value;
        if (!computations.data) return <span className="muted">…</span>;
        return v === true ? (
          <StatusBadge status="ok" label={t('detail.passed')} />
        ) : v === false ? (
          <StatusBadge status="failing" label={t('detail.failed')} />
        ) : (
          <StatusBadge status="unknown" label={t('detail.notRun')} />
        );
      },
    },
    {
      key: 'lastRun',
      header: t('detail.lastRun'),
      sortValue: (x) => x.lastRunAt ?? '',
      hideOnMobile: true,
      render: (x) => formatDateTime(x.lastRunAt),
    },
  ];

  return (
    <>
      <PageHeader
        title={c.name}
        description={c.description || t('detail.noDescription')}
        back={<Link to="/catalogs">{t('list.title')}</Link>}
        actions={
          canWrite && (
            <>
              {c.status === 'draft' && (
                <Link className="btn btn-primary" to={`/catalogs/${c.id}/wizard`}>
                  {t('list.continue')}
                </Link>
              )}
              <Button icon={<Pencil size={16} />} onClick={() => setEditing(true)}>
                {t('detail.edit')}
              </Button>
            </>
          )
        }
      />
      <Card>
        <dl className="details">
          <dt>{t('list.status')}</dt>
          <dd>
            <StatusBadge status={c.status} label={t(`status.${c.status}`)} />
          </dd>
          <dt>{t('list.compliance')}</dt>
          <dd>{current ? <ComplianceBadge value={current} /> : <span className="muted">…</span>}</dd>
          <dt>{t('detail.dates')}</dt>
          <dd>
            {t('detail.datesValue', {
              start: formatDate(c.startDate),
              end: c.endDate ? formatDate(c.endDate) : t('detail.openEnded'),
            })}
          </dd>
          <dt>{t('detail.dashboard')}</dt>
          <dd>
            {c.dashboard_id ? (
              <Link to={`/dashboards/${encodeURIComponent(c.dashboard_id)}`}>
                {t('detail.viewDashboard')}
              </Link>
            ) : (
              t('detail.noDashboard')
            )}
          </dd>
        </dl>
      </Card>
      <div>
        <Card title={t('detail.controls')}>
          <ResourceTable
            resource={controls}
            empty={
              <EmptyState
                title={t('detail.controls')}
                body={c.status === 'draft' ? t('detail.noControlsDraft') : t('detail.noControls')}
              />
            }
            caption={t('detail.controls')}
            columns={columns}
            rowKey={(x) => x.id}
          />
        </Card>
      </div>
      <div className="grid-2">
        <Card title={t('detail.overTime')}>
          {computations.error !== undefined ? (
            <ErrorState error={computations.error} onRetry={() => void computations.reload()} />
          ) : !computations.data ? (
            <Skeleton lines={4} />
          ) : series.length === 0 ? (
            <p className="muted">{t('detail.overTimeEmpty')}</p>
          ) : (
            <>
              <ComplianceChart
                series={series}
                title={t('detail.chartTitle', { name: c.name })}
                pointLabel={(d) => t('detail.chartPoint', { day: d.day, pct: d.pct, n: d.n })}
              />
              <p className="muted">
                {fromPoints ? t('detail.source.points') : t('detail.source.computations')}
              </p>
            </>
          )}
        </Card>
      </div>
      <Dialog open={editing} onOpenChange={setEditing} title={t('detail.editTitle')}>
        <CatalogForm
          label={t('detail.editTitle')}
          initial={formFromCatalog(c)}
          submitLabel={t('common:save')}
          extraActions={<Button onClick={() => setEditing(false)}>{t('common:cancel')}</Button>}
          onSubmit={async (v) => {
            onSaved(await catalogsApi.update(c.id, toCatalogUpdateBody(v)));
            invalidate('catalogs:list');
            toast.success(t('detail.saved'));
            setEditing(false);
          }}
        />
      </Dialog>
    </>
  );
}
