// The evidences of one computation. Evidences are free-form objects written by the flow; the usual
// fields are key, value, result, from and to. Booleans read as True/False, http(s) strings become
// links, anything else is shown as JSON.
import { useT } from '../../../../i18n';
import { formatDateTime } from '../../../../lib/format';
import { StatusBadge } from '../../../../components';
import { viewEvidence } from '../evidence';

function EvidenceValue({ value }: { value: unknown }) {
  const { t } = useT('controls');
  if (typeof value === 'boolean') return <>{value ? t('evidences.true') : t('evidences.false')}</>;
  if (typeof value === 'string' && /^https?:\/\//i.test(value))
    return (
      <a href={value} target="_blank" rel="noopener noreferrer">
        {t('evidences.link')}
      </a>
    );
  if (typeof value === 'string') return <span className="mono text-sm">{value}</span>;
  return <span className="mono text-sm">{value === undefined ? '—' : JSON.stringify(value)}</span>;
}

const timeOf = (v: unknown) => (typeof v === 'string' ? formatDateTime(v) : '—');

export function EvidencesTable({ evidences, caption }: { evidences: readonly unknown[]; caption: string }) {
  const { t } = useT('controls');
  if (!evidences.length) return <p className="muted">{t('evidences.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evidences.result')}</th>
            <th scope="col">{t('evidences.key')}</th>
            <th scope="col">{t('evidences.value')}</th>
            <th scope="col" className="hide-mobile">
              {t('evidences.from')}
            </th>
            <th scope="col" className="hide-mobile">
              {t('evidences.to')}
            </th>
          </tr>
        </thead>
        <tbody>
          {evidences.map((raw, i) => {
            const e = viewEvidence(raw);
            return (
              <tr key={i}>
                <td data-label={t('evidences.result')}>
                  {e.result === true ? (
                    <StatusBadge status="ok" label={t('run.passed')} />
                  ) : e.result === false ? (
                    <StatusBadge status="failing" label={t('run.failed')} />
                  ) : (
                    <StatusBadge status="unknown" label={t('history.unknown')} />
                  )}
                </td>
                <td data-label={t('evidences.key')}>{e.name ?? `#${i + 1}`}</td>
                <td data-label={t('evidences.value')}>
                  <EvidenceValue value={e.value} />
                </td>
                <td data-label={t('evidences.from')} className="hide-mobile">
                  {timeOf(e.from)}
                </td>
                <td data-label={t('evidences.to')} className="hide-mobile">
                  {timeOf(e.to)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
