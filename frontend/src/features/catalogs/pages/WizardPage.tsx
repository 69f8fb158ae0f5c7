// The draft wizard: /catalogs/new (step 1 creates the draft) and /catalogs/:id/wizard (resume any
// step; the step is in the URL, the data on the server — nothing in localStorage).
import type { Catalog, Control } from '@backend/contract';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Button, Card, ErrorState, PageHeader, Skeleton, toast } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { invalidate, useResource } from '../../../lib/useResource';
import { messages as controlMessages } from '../controls/messages';
import { catalogsApi } from '../api';
import { emptyCatalogForm, formFromCatalog, toCatalogDraftBody, toCatalogUpdateBody } from '../catalogForm';
import { CatalogForm } from '../components/CatalogForm';
import { messages } from '../messages';
import { ControlsStep } from '../wizard/ControlsStep';
import { DashboardStep } from '../wizard/DashboardStep';
import { FinalizeStep } from '../wizard/FinalizeStep';
import { Stepper } from '../wizard/Stepper';
import { parseStep, STEPS, type Step } from '../wizard/steps';
import { parseId } from '../../../lib/catalogIds';

registerMessages('catalogs', messages);
registerMessages('controls', controlMessages);

export function Component() {
  const { id } = useParams();
  return id === undefined ? <NewCatalog /> : <ResumeWizard rawId={id} />;
}

function NewCatalog() {
  const { t } = useT('catalogs');
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('wizard.newTitle')} back={<Link to="/catalogs">{t('list.title')}</Link>} />
      <Stepper current="catalog" />
      <Card title={t('wizard.stepOf', { n: 1, name: t('wizard.step.catalog') })}>
        <p className="page-description">{t('wizard.catalogIntro')}</p>
        <CatalogForm
          label={t('wizard.step.catalog')}
          initial={emptyCatalogForm()}
          submitLabel={t('common:next')}
          onSubmit={async (v) => {
            const c = await catalogsApi.createDraft(toCatalogDraftBody(v));
            invalidate('catalogs');
            toast.success(t('wizard.savedDraft'));
            // replace: going back must not show an empty form that would create a second draft
            navigate(`/catalogs/${c.id}/wizard?step=controls`, { replace: true });
          }}
        />
      </Card>
    </>
  );
}

function ResumeWizard({ rawId }: { rawId: string }) {
  const { t } = useT('catalogs');
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const id = parseId(rawId);
  const catalog = useResource<Catalog>(id ? `catalogs:${id}` : null, (s) => catalogsApi.get(id!, s));
  const controls = useResource<Control[]>(id ? `catalogs:${id}:controls` : null, (s) =>
    catalogsApi.controls(id!, s),
  );
  const step = parseStep(search.get('step'));
  const go = (s: Step) => setSearch({ step: s });
  const index = STEPS.indexOf(step);

  if (!id) return <ErrorState error={new Error(t('errors.badId', { id: rawId }))} />;
  if (catalog.error !== undefined && !catalog.data)
    return <ErrorState error={catalog.error} onRetry={() => void catalog.reload()} />;
  const c = catalog.data;
  if (!c) return <Skeleton lines={6} />;

  const header = (
    <PageHeader
      title={t('wizard.resumeTitle', { name: c.name })}
      back={<Link to={`/catalogs/${c.id}`}>{c.name}</Link>}
    />
  );
  if (c.status === 'finalized')
    return (
      <>
        {header}
        <Alert tone="info">{t('wizard.alreadyFinalized')}</Alert>
        <Button onClick={() => navigate(`/catalogs/${c.id}`)}>{t('wizard.openCatalog')}</Button>
      </>
    );

  return (
    <>
      {header}
      <Stepper current={step} onSelect={go} />
      <Card title={t('wizard.stepOf', { n: index + 1, name: t(`wizard.step.${step}`) })}>
        {step === 'catalog' && (
          <>
            <p className="page-description">{t('wizard.catalogIntro')}</p>
            <CatalogForm
              key={c.updatedAt}
              label={t('wizard.step.catalog')}
              initial={formFromCatalog(c)}
              submitLabel={t('common:next')}
              onSubmit={async (v) => {
                catalog.setData(await catalogsApi.update(c.id, toCatalogUpdateBody(v)));
                invalidate('catalogs');
                go('controls');
              }}
            />
          </>
        )}
        {step === 'controls' && (
          <ControlsStep
            catalogId={c.id}
            controls={controls}
            onBack={() => go('catalog')}
            onNext={() => go('dashboard')}
          />
        )}
        {step === 'dashboard' && (
          <DashboardStep
            catalog={c}
            onSaved={(saved) => {
              catalog.setData(saved);
              invalidate('catalogs');
            }}
            onBack={() => go('controls')}
            onNext={() => go('finalize')}
          />
        )}
        {step === 'finalize' && (
          <FinalizeStep
            catalog={c}
            controls={controls.data ?? []}
            onBack={() => go('dashboard')}
            onFixControls={() => go('controls')}
            onFinalized={(done, count) => {
              invalidate('catalogs');
              invalidate('controls');
              toast.success(t('wizard.finalized', { name: done.name, count }));
              navigate(`/catalogs/${done.id}`, { replace: true });
            }}
          />
        )}
      </Card>
    </>
  );
}
