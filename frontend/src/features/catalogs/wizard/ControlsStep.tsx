// Wizard step 2: the draft controls of the catalog. Each control is saved at once as a draft
// (POST /controls/drafts, then its scope set), so leaving the wizard loses nothing.
import type { Control } from '@backend/contract';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  IconButton,
  ResourceView,
  toast,
} from '../../../components';
import { useT } from '../../../i18n';
import type { Resource } from '../../../lib/useResource';
import { controlsApi, scopeSetsApi } from '../controls/api';
import { ControlForm } from '../controls/components/ControlForm';
import {
  emptyControlForm,
  formFromControl,
  scopesFromRows,
  toDraftBody,
  toUpdateBody,
  type ControlFormValues,
} from '../controls/controlForm';

const hasFinalParams = (c: Control) =>
  typeof c.params?.endpoint === 'string' &&
  c.params.endpoint !== '' &&
  c.params?.threshold != null &&
  c.params.threshold !== '';

export function ControlsStep({
  catalogId,
  controls,
  onBack,
  onNext,
}: {
  catalogId: number;
  controls: Resource<Control[]>;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useT('catalogs');
  const { t: tc } = useT('controls');
  const [editing, setEditing] = useState<'new' | number | null>(null);
  const [deleting, setDeleting] = useState<Control | null>(null);
  const [needOne, setNeedOne] = useState(false);
  const list = controls.data ?? [];
  const showNew = editing === 'new' || (controls.data !== undefined && list.length === 0 && editing === null);

  const create = async (v: ControlFormValues) => {
    const created = await controlsApi.createDraft(toDraftBody(v, catalogId));
    const scopes = scopesFromRows(v.scopes);
    toast.success(t('wizard.controlSaved', { name: created.name }));
    // The control exists now: a failed scope set must not make the user save it (and create it) again.
    if (Object.keys(scopes).length)
      await scopeSetsApi.create(created.id, scopes).catch((e: unknown) =>
        toast.error(
          t('wizard.scopeSetFailed', {
            name: created.name,
            message: e instanceof Error ? e.message : String(e),
          }),
        ),
      );
    setEditing(null);
    setNeedOne(false);
    await controls.reload();
  };
  const update = (id: number) => async (v: ControlFormValues) => {
    const saved = await controlsApi.update(id, toUpdateBody(v));
    toast.success(t('wizard.controlSaved', { name: saved.name }));
    setEditing(null);
    await controls.reload();
  };

  const next = () => {
    if (!list.length) {
      setNeedOne(true);
      return;
    }
    onNext();
  };

  return (
    <div className="wizard-step">
      <p className="page-description">{t('wizard.controlsIntro')}</p>
      <ResourceView resource={controls} isEmpty={() => false}>
        {(rows) => (
          <ul className="item-list" aria-label={t('wizard.step.controls')}>
            {rows.length === 0 && !showNew && <li>{t('wizard.noControls')}</li>}
            {rows.map((c) =>
              editing === c.id ? (
                <li key={c.id}>
                  <Card title={t('wizard.editControl', { name: c.name })}>
                    <ControlForm
                      label={t('wizard.editControl', { name: c.name })}
                      initial={formFromControl(c)}
                      submitLabel={tc('form.save')}
                      onSubmit={update(c.id)}
                      onCancel={() => setEditing(null)}
                    />
                  </Card>
                </li>
              ) : (
                <li key={c.id}>
                  <div>
                    <strong>{c.name}</strong> <Badge tone="neutral">{tc(`periods.${c.period}`)}</Badge>{' '}
                    {typeof c.params?.endpoint === 'string' && <code>{c.params.endpoint}</code>}{' '}
                    {!hasFinalParams(c) && <Badge tone="warning">{t('wizard.missingParams')}</Badge>}
                  </div>
                  <div className="row-actions">
                    <IconButton
                      aria-label={t('wizard.editControl', { name: c.name })}
                      icon={<Pencil size={16} />}
                      onClick={() => setEditing(c.id)}
                    />
                    <IconButton
                      aria-label={t('wizard.deleteControl', { name: c.name })}
                      icon={<Trash2 size={16} />}
                      onClick={() => setDeleting(c)}
                    />
                  </div>
                </li>
              ),
            )}
          </ul>
        )}
      </ResourceView>
      {showNew ? (
        <Card title={t('wizard.newControl')}>
          <ControlForm
            label={t('wizard.newControl')}
            initial={emptyControlForm()}
            submitLabel={tc('form.save')}
            onSubmit={create}
            onCancel={list.length ? () => setEditing(null) : undefined}
            withScopes
          />
        </Card>
      ) : (
        editing === null && (
          <div>
            <Button icon={<Plus size={16} />} onClick={() => setEditing('new')}>
              {t('wizard.addControl')}
            </Button>
          </div>
        )
      )}
      {needOne && <Alert tone="warning">{t('wizard.needControl')}</Alert>}
      <div className="form-actions">
        <Button onClick={onBack}>{t('common:back')}</Button>
        <Button variant="primary" onClick={next}>
          {t('common:next')}
        </Button>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('wizard.deleteControlTitle', { name: deleting?.name ?? '' })}
        body={t('wizard.deleteControlBody', { name: deleting?.name ?? '' })}
        onConfirm={async () => {
          if (!deleting) return;
          await controlsApi.remove(deleting.id);
          await controls.reload();
        }}
      />
    </div>
  );
}
