// The answer of POST /controls/:id/run: passed or failed, the period it covers, its evidences.
import type { RunResult } from '@backend/contract';
import { Alert } from '../../../../components';
import { useT } from '../../../../i18n';
import { formatDateTime } from '../../../../lib/format';
import { EvidencesTable } from './EvidencesTable';

export function RunResultView({ result }: { result: RunResult }) {
  const { t } = useT('controls');
  const verdict = result.value ? t('run.passed') : t('run.failed');
  return (
    <section aria-label={t('run.result', { result: verdict })} className="run-result">
      <Alert tone={result.value ? 'success' : 'danger'} title={t('run.result', { result: verdict })}>
        {t('run.period', { from: formatDateTime(result.period.from), to: formatDateTime(result.period.to) })}
      </Alert>
      <EvidencesTable evidences={result.evidences} caption={t('evidences.title')} />
    </section>
  );
}
