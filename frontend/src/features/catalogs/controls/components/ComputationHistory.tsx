// The computations of a control, newest first; each row expands to its evidences.
import type { Computation } from '@backend/contract';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { Fragment, useState } from 'react';
import { Button, ResourceView, StatusBadge, EmptyState } from '../../../../components';
import { useT } from '../../../../i18n';
import { formatDateTime } from '../../../../lib/format';
import type { Resource } from '../../../../lib/useResource';
import { summarize } from '../../../../lib/scopeSetValues';
import { EvidencesTable } from './EvidencesTable';

export function ComputationHistory({ computations }: { computations: Resource<Computation[]> }) {
  const { t } = useT('controls');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <ResourceView
      resource={computations}
      empty={<EmptyState title={t('history.title')} body={t('history.empty')} />}
    >
      {(rows) => (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('history.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.when')}</th>
                <th scope="col">{t('history.result')}</th>
                <th scope="col" className="hide-mobile">
                  {t('history.scope')}
                </th>
                <th scope="col">{t('history.evidences')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => {
                const expanded = open.has(c.id);
                const evidences = Array.isArray(c.evidences) ? c.evidences : [];
                const when = formatDateTime(c.period?.to ?? c.createdAt);
                return (
                  <Fragment key={c.id}>
                    <tr>
                      <td data-label={t('history.when')}>{when}</td>
                      <td data-label={t('history.result')}>
                        {c.value === true ? (
                          <StatusBadge status="ok" label={t('run.passed')} />
                        ) : c.value === false ? (
                          <StatusBadge status="failing" label={t('run.failed')} />
                        ) : (
                          <StatusBadge status="unknown" label={t('history.unknown')} />
                        )}
                      </td>
                      <td data-label={t('history.scope')} className="hide-mobile">
                        {summarize(c.scope ?? {}) || <span className="muted">{t('history.noScope')}</span>}
                      </td>
                      <td data-label={t('history.evidences')}>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-expanded={expanded}
                          aria-controls={`evidences-${c.id}`}
                          icon={expanded ? <ChevronDown size={16} /> : <ChevronRight size={16} />}
                          onClick={() => toggle(c.id)}
                        >
                          {expanded ? t('history.hide') : t('history.show')}{' '}
                          <span className="muted">({t('history.count', { count: evidences.length })})</span>
                        </Button>
                      </td>
                    </tr>
                    {expanded && (
                      <tr id={`evidences-${c.id}`}>
                        <td colSpan={4}>
                          <EvidencesTable
                            evidences={evidences}
                            caption={`${t('evidences.title')} — ${when}`}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </ResourceView>
  );
}
