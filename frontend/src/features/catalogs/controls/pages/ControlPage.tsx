// /controls/:id — the control (fetched by id, deep-linkable): its params, period and Node-RED flow,
// edit, "Run now" with the result, the history of computations with their evidences, scope sets and
// Grafana panels.
import type { Catalog, Computation, Control, ControlPanel, ScopeSet } from '@backend/contract';
import { ExternalLink, Pencil } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Dialog,
  ErrorState,
  PageHeader,
  Skeleton,
  StatusBadge,
  toast,
} from '../../../../components';
import { hasRole, useSession } from '../../../../lib/session';
import { config } from '../../../../config';
import { registerMessages, useT } from '../../../../i18n';
import { formatDate, formatDateTime } from '../../../../lib/format';
import { invalidate, useResource } from '../../../../lib/useResource';
import { parseId } from '../../../../lib/catalogIds';
import { editorUrl } from '../../../../lib/flows';
import { scopeSetsKey } from '../../scopes/api';
import { messages as scopeMessages } from '../../scopes/messages';
import { controlsApi, scopeSetsApi } from '../api';
import { ComputationHistory } from '../components/ComputationHistory';
import { ControlForm } from '../components/ControlForm';
import { PanelsCard } from '../components/PanelsCard';
import { RunPanel } from '../components/RunPanel';
import { ScopeSetsCard } from '../components/ScopeSetsCard';
import { formFromControl, toUpdateBody } from '../controlForm';
import { messages } from '../messages';
import { formatParamValue } from '../params';

registerMessages('controls', messages);
registerMessages('scopes', scopeMessages);

export function Component() {
  const { id: raw } = useParams();
  const { t } = useT('controls');
  const id = parseId(raw);
  const control = useResource<Control>(id ? `controls:${id}` : null, (s) => controlsApi.get(id!, s));
  if (!id) return <ErrorState error={new Error(t('errors.badId', { id: raw }))} />;
  if (control.error !== undefined && !control.data)
    return <ErrorState error={control.error} onRetry={() => void control.reload()} />;
  if (!control.data) return <Skeleton lines={8} />;
  return <ControlDetail control={control.data} onSaved={control.setData} />;
}

function ControlDetail({ control: c, onSaved }: { control: Control; onSaved: (c: Control) => void }) {
  const { t } = useT('controls');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const [editing, setEditing] = useState(false);
  const catalog = useResource<Catalog>(`catalogs:${c.catalogId}`, (s) => controlsApi.catalog(c.catalogId, s));
  const sets = useResource<ScopeSet[]>(scopeSetsKey(c.id), (s) => scopeSetsApi.ofControl(c.id, s));
  const computations = useResource<Computation[]>(`computations:control:${c.id}`, (s) =>
    controlsApi.computations(c.id, s),
  );
  const panels = useResource<ControlPanel[]>(`controls:${c.id}:panels`, (s) => controlsApi.panels(c.id, s));
  const params = Object.entries(c.params ?? {});

  return (
    <>
      <PageHeader
        title={c.name}
        description={c.description || t('page.noDescription')}
        back={
          <Link to={`/catalogs/${c.catalogId}`}>
            {catalog.data?.name ?? `${t('page.catalog')} #${c.catalogId}`}
          </Link>
        }
        actions={
          canWrite && (
            <Button icon={<Pencil size={16} />} onClick={() => setEditing(true)}>
              {t('page.edit')}
            </Button>
          )
        }
      />
      <Card>
        <dl className="details">
          <dt>{t('page.catalog')}</dt>
          <dd>
            <Link to={`/catalogs/${c.catalogId}`}>{catalog.data?.name ?? `#${c.catalogId}`}</Link>{' '}
            <StatusBadge status={c.status} label={t(`status.${c.status}`)} />
          </dd>
          <dt>{t('page.period')}</dt>
          <dd>{t(`periods.${c.period}`)}</dd>
          <dt>{t('page.dates')}</dt>
          <dd>
            {t('page.datesValue', {
              start: formatDate(c.startDate),
              end: c.endDate ? formatDate(c.endDate) : t('page.openEnded'),
            })}
          </dd>
          <dt>{t('page.lastRun')}</dt>
          <dd>{c.lastRunAt ? formatDateTime(c.lastRunAt) : t('page.never')}</dd>
          <dt>{t('page.flow')}</dt>
          <dd>
            {c.mashupId ? (
              <a href={editorUrl(config().nodeRedBase, c.mashupId)} target="_blank" rel="noopener noreferrer">
                {t('page.openFlow', { id: c.mashupId })} <ExternalLink size={14} aria-hidden="true" />
              </a>
            ) : (
              <span className="muted">{t('page.noFlow')}</span>
            )}
          </dd>
          <dt>{t('page.params')}</dt>
          <dd>
            {params.length ? (
              <ul className="plain-list">
                {params.map(([k, v]) => (
                  <li key={k}>
                    <span>
                      <code>{k}</code> = <span className="mono text-sm">{formatParamValue(v)}</span>
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">{t('page.noParams')}</span>
            )}
          </dd>
        </dl>
      </Card>
      <div className="grid-2">
        <Card title={t('run.title')} aria-label={t('run.title')}>
          {canWrite ? (
            <RunPanel controlId={c.id} scopeSets={sets.data ?? []} />
          ) : (
            <Alert tone="info">{t('run.forbidden')}</Alert>
          )}
        </Card>
        <ScopeSetsCard controlId={c.id} sets={sets} canWrite={canWrite} />
      </div>
      <div className="grid-2">
        <Card title={t('history.title')} aria-label={t('history.title')}>
          <ComputationHistory computations={computations} />
        </Card>
      </div>
      <div className="grid-2">
        <PanelsCard controlId={c.id} controlName={c.name} panels={panels} canWrite={canWrite} />
      </div>
      <Dialog open={editing} onOpenChange={setEditing} title={t('page.editTitle')} size="lg">
        <ControlForm
          label={t('page.editTitle')}
          initial={formFromControl(c)}
          submitLabel={t('common:save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (v) => {
            onSaved(await controlsApi.update(c.id, toUpdateBody(v)));
            invalidate('controls:all');
            invalidate(`catalogs:${c.catalogId}:controls`);
            toast.success(t('page.saved'));
            setEditing(false);
          }}
        />
      </Dialog>
    </>
  );
}
