// "Run now": POST /controls/:id/run (DEVELOPER/ADMIN) with the empty scope or one of the control's
// scope sets, then the result; the history and the overview reload.
import type { RunResult, ScopeSet } from '@backend/contract';
import { Play } from 'lucide-react';
import { useState } from 'react';
import { Alert, Button, Select } from '../../../../components';
import { isApiError } from '../../../../api';
import { useT } from '../../../../i18n';
import { invalidate } from '../../../../lib/useResource';
import { summarize } from '../../../../lib/scopeSetValues';
import { controlsApi } from '../api';
import { RunResultView } from './RunResultView';

export function RunPanel({ controlId, scopeSets }: { controlId: number; scopeSets: readonly ScopeSet[] }) {
  const { t } = useT('controls');
  const [setId, setSetId] = useState('');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<RunResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const chosen = scopeSets.find((s) => String(s.id) === setId);
      setResult(await controlsApi.run(controlId, chosen?.scopes));
      invalidate('computations');
      invalidate(`controls:${controlId}`);
    } catch (e) {
      setResult(null);
      setError(
        isApiError(e) && e.status === 0
          ? t('common:error.network')
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="run-panel">
      <div className="toolbar">
        {scopeSets.length > 0 && (
          <Select
            label={t('run.scope')}
            value={setId}
            onChange={(e) => setSetId(e.target.value)}
            options={[
              { value: '', label: t('run.scopeNone') },
              ...scopeSets.map((s) => ({ value: String(s.id), label: summarize(s.scopes) || `#${s.id}` })),
            ]}
          />
        )}
        <Button variant="primary" icon={<Play size={16} />} loading={running} onClick={() => void run()}>
          {running ? t('run.running') : t('run.button')}
        </Button>
      </div>
      <div aria-live="polite">
        {error && <Alert tone="danger">{t('run.error', { message: error })}</Alert>}
        {result && <RunResultView result={result} />}
      </div>
    </div>
  );
}
