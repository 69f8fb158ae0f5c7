// Wizard step 4: a summary, then PATCH /catalogs/:id/finalize (one transaction on the server: the
// catalog and all its draft controls, or nothing). A refusal names the controls to fix.
import type { Catalog, Control } from '@backend/contract';
import { useState } from 'react';
import { Alert, Badge, Button, Card } from '../../../components';
import { isApiError } from '../../../api';
import { useT } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { catalogsApi } from '../api';

export function FinalizeStep({
  catalog,
  controls,
  onBack,
  onFinalized,
  onFixControls,
}: {
  catalog: Catalog;
  controls: Control[];
  onBack: () => void;
  onFinalized: (c: Catalog, count: number) => void;
  onFixControls: () => void;
}) {
  const { t } = useT('catalogs');
  const { t: tc } = useT('controls');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; controls: Control[] } | null>(null);

  const finalize = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await catalogsApi.finalize(catalog.id);
      onFinalized(r.catalog, r.controls.finalized);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Field paths name the controls: `controls.<id>.params`.
      const ids = isApiError(e)
        ? Object.keys(e.fieldErrors ?? {})
            .map((p) => /^controls\.(\d+)\./.exec(p)?.[1])
            .filter(Boolean)
            .map(Number)
        : [];
      setError({ message, controls: controls.filter((c) => ids.includes(c.id)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="wizard-step">
      <p className="page-description">{t('wizard.finalizeIntro')}</p>
      <Card title={catalog.name}>
        <dl className="details">
          <dt>{t('detail.dates')}</dt>
          <dd>
            {t('detail.datesValue', {
              start: formatDate(catalog.startDate),
              end: catalog.endDate ? formatDate(catalog.endDate) : t('detail.openEnded'),
            })}
          </dd>
          <dt>{t('wizard.step.controls')}</dt>
          <dd>
            {t('wizard.summaryControls', { count: controls.length })}
            <ul>
              {controls.map((c) => (
                <li key={c.id}>
                  {c.name} <Badge tone="neutral">{tc(`periods.${c.period}`)}</Badge>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t('wizard.summaryDashboard')}</dt>
          <dd>{catalog.dashboard_id ?? t('detail.noDashboard')}</dd>
        </dl>
      </Card>
      {error && (
        <Alert tone="danger" title={t('wizard.finalizeFailed', { message: error.message })}>
          {error.controls.length > 0 && (
            <>
              <p>{t('wizard.fixControls')}</p>
              <ul>
                {error.controls.map((c) => (
                  <li key={c.id}>{c.name}</li>
                ))}
              </ul>
              <Button size="sm" onClick={onFixControls}>
                {t('wizard.step.controls')}
              </Button>
            </>
          )}
        </Alert>
      )}
      <div className="form-actions">
        <Button onClick={onBack} disabled={busy}>
          {t('common:back')}
        </Button>
        <Button variant="primary" onClick={() => void finalize()} loading={busy}>
          {busy ? t('wizard.finalizing') : t('wizard.finalize')}
        </Button>
      </div>
    </div>
  );
}
