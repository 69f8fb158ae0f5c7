// / — the compliance overview: every catalog with its current compliance, the controls failing now,
// and the latest computations. Three calls (catalogs, controls, newest computations), each part
// with its own loading, empty and error state.
import type { Catalog, Computation, Control } from '@backend/contract';
import { Link } from 'react-router';
import {
  Card,
  EmptyState,
  ErrorState,
  PageHeader,
  ResourceView,
  Skeleton,
  StatusBadge,
} from '../../../../components';
import { hasRole, useSession } from '../../../../lib/session';
import { registerMessages, useT } from '../../../../i18n';
import { formatDateTime } from '../../../../lib/format';
import { useResource } from '../../../../lib/useResource';
import { catalogsApi } from '../../api';
import { compliance, computationTime } from '../../compliance';
import { ComplianceBadge } from '../../components/ComplianceBadge';
import { messages as catalogMessages } from '../../messages';
import { RECENT_WINDOW, useComplianceIndex } from '../../useCompliance';
import { messages } from '../messages';

registerMessages('home', messages);
registerMessages('catalogs', catalogMessages);

const LATEST = 10;

function Verdict({ value }: { value: boolean | null }) {
  const { t } = useT('home');
  if (value === true) return <StatusBadge status="ok" label={t('passed')} />;
  if (value === false) return <StatusBadge status="failing" label={t('failed')} />;
  return <StatusBadge status="unknown" label={t('unknown')} />;
}

export function Component() {
  const { t } = useT('home');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const catalogs = useResource<Catalog[]>('catalogs:list::', (s) => catalogsApi.list({}, s));
  const idx = useComplianceIndex();
  const controlsById = new Map((idx.controls.data ?? []).map((c) => [c.id, c]));
  const catalogName = (id: number) => catalogs.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  const failing: { control: Control; at: Computation }[] = [];
  for (const [controlId, comp] of idx.latest) {
    const control = controlsById.get(controlId);
    if (control && comp.value === false) failing.push({ control, at: comp });
  }
  failing.sort((a, b) => computationTime(b.at).localeCompare(computationTime(a.at)));
  const overall = idx.ready ? compliance(idx.controls.data ?? [], idx.latest) : undefined;

  return (
    <>
      <PageHeader title={t('title')} description={t('intro')} />
      {idx.error !== undefined && !idx.ready ? (
        <ErrorState
          error={idx.error}
          onRetry={() => {
            void idx.controls.reload();
            void idx.computations.reload();
          }}
        />
      ) : (
        <dl className="stats">
          <div className="stat">
            <dt>{t('stats.catalogs')}</dt>
            <dd>{catalogs.data?.length ?? '…'}</dd>
          </div>
          <div className="stat">
            <dt>{t('stats.controls')}</dt>
            <dd>{idx.controls.data?.length ?? '…'}</dd>
          </div>
          <div className="stat">
            <dt>{t('stats.passing')}</dt>
            <dd>{overall?.passing ?? '…'}</dd>
          </div>
          <div className="stat">
            <dt>{t('stats.failing')}</dt>
            <dd>{overall?.failing ?? '…'}</dd>
          </div>
          <div className="stat">
            <dt>{t('stats.compliance')}</dt>
            <dd>{overall ? <ComplianceBadge value={overall} /> : '…'}</dd>
          </div>
        </dl>
      )}
      <div className="grid-2">
        <Card
          title={t('catalogs.title')}
          actions={
            <Link to="/catalogs" className="btn btn-sm btn-ghost">
              {t('catalogs.all')}
            </Link>
          }
        >
          <ResourceView
            resource={catalogs}
            empty={
              <EmptyState
                title={t('catalogs.title')}
                body={t('catalogs.empty')}
                action={
                  canWrite && (
                    <Link className="btn btn-primary" to="/catalogs/new">
                      {t('catalogs.create')}
                    </Link>
                  )
                }
              />
            }
          >
            {(rows) => (
              <ul className="plain-list" aria-label={t('catalogs.title')}>
                {rows.map((c) => {
                  const count = (idx.controls.data ?? []).filter((x) => x.catalogId === c.id).length;
                  return (
                    <li key={c.id}>
                      <span>
                        <Link to={`/catalogs/${c.id}`}>{c.name}</Link>{' '}
                        <span className="muted">{t('catalogs.controls', { count })}</span>
                      </span>
                      <span>
                        {c.status === 'draft' && (
                          <StatusBadge status="draft" label={t('catalogs:status.draft')} />
                        )}{' '}
                        {idx.ready ? <ComplianceBadge value={idx.byCatalog.get(c.id)} /> : '…'}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </ResourceView>
        </Card>
        <Card title={t('failing.title')}>
          {!idx.ready ? (
            idx.error !== undefined ? (
              <ErrorState error={idx.error} />
            ) : (
              <Skeleton lines={3} />
            )
          ) : failing.length === 0 ? (
            <p className="muted">{t('failing.empty')}</p>
          ) : (
            <ul className="plain-list" aria-label={t('failing.title')}>
              {failing.map(({ control, at }) => (
                <li key={control.id}>
                  <span>
                    <Link to={`/controls/${control.id}`}>{control.name}</Link>{' '}
                    <span className="muted">{catalogName(control.catalogId)}</span>
                  </span>
                  <span className="muted">
                    {t('failing.since', { when: formatDateTime(computationTime(at)) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="grid-2">
        <Card title={t('latest.title')}>
          <ResourceView resource={idx.computations} empty={<p className="muted">{t('latest.empty')}</p>}>
            {(rows) => (
              <>
                <div className="table-wrap">
                  <table className="table">
                    <caption className="visually-hidden">{t('latest.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('latest.control')}</th>
                        <th scope="col">{t('latest.result')}</th>
                        <th scope="col">{t('latest.when')}</th>
                        <th scope="col" className="hide-mobile">
                          {t('latest.evidences')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.slice(0, LATEST).map((c) => (
                        <tr key={c.id}>
                          <td data-label={t('latest.control')}>
                            {c.controlId ? (
                              <Link to={`/controls/${c.controlId}`}>
                                {controlsById.get(c.controlId)?.name ??
                                  t('latest.unknownControl', { id: c.controlId })}
                              </Link>
                            ) : (
                              '—'
                            )}
                          </td>
                          <td data-label={t('latest.result')}>
                            <Verdict value={c.value} />
                          </td>
                          <td data-label={t('latest.when')}>{formatDateTime(computationTime(c))}</td>
                          <td data-label={t('latest.evidences')} className="hide-mobile">
                            {Array.isArray(c.evidences) ? c.evidences.length : 0}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p className="muted">{t('windowNote', { count: RECENT_WINDOW })}</p>
              </>
            )}
          </ResourceView>
        </Card>
      </div>
    </>
  );
}
