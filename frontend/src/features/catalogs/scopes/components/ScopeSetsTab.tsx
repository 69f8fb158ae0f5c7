// The scope sets of one control (chosen in a select, kept in the URL as ?controlId=).
import type { Control, Scope, ScopeSet } from '@backend/contract';
import {
  Badge,
  NewButton,
  EmptyState,
  ResourceTable,
  ResourceView,
  Select,
  Skeleton,
  Stack,
  toast,
  type Column,
} from '../../../../components';
import { useT } from '../../../../i18n';
import { formatDateTime } from '../../../../lib/format';
import { invalidate, useResource } from '../../../../lib/useResource';
import { useResourceList } from '../../../../lib/useResourceList';
import { summarize } from '../../../../lib/scopeSetValues';
import { scopeSetsKey, scopesApi } from '../api';
import { ScopeSetDialog } from './ScopeSetDialog';

interface Props {
  controlId: number | null;
  onControlChange: (id: number | null) => void;
  scopes: Scope[];
  canWrite: boolean;
}

export function ScopeSetsTab(props: Props) {
  const { t } = useT('scopes');
  const controls = useResource('controls:all', (signal) => scopesApi.controls(signal));
  return (
    <ResourceView
      resource={controls}
      errorTitle={t('sets.controlsError')}
      loading={<Skeleton lines={2} />}
      empty={<EmptyState title={t('sets.noControls')} />}
    >
      {(list) => <ControlSets controls={list} {...props} />}
    </ResourceView>
  );
}

function ControlSets({
  controls,
  controlId,
  onControlChange,
  scopes,
  canWrite,
}: Props & { controls: Control[] }) {
  const { t } = useT('scopes');
  const sets = useResourceList(controlId === null ? null : scopeSetsKey(controlId), (signal) =>
    scopesApi.sets(controlId!, signal),
  );

  const columns: Column<ScopeSet>[] = [
    { key: 'id', header: '#', render: (s) => s.id, sortValue: (s) => s.id },
    {
      key: 'scopes',
      header: t('tabs.scopes'),
      render: (s) =>
        Object.keys(s.scopes).length === 0 ? (
          <em>{t('sets.emptySet')}</em>
        ) : (
          <Stack gap={1}>
            {Object.entries(s.scopes).map(([k, v]) => (
              <Badge key={k}>
                {k} = {String(v)}
              </Badge>
            ))}
          </Stack>
        ),
    },
    {
      key: 'updated',
      header: t('col.updated'),
      render: (s) => formatDateTime(s.updatedAt),
      hideOnMobile: true,
    },
  ];

  const newButton =
    canWrite && controlId !== null ? <NewButton label={t('sets.new')} onClick={sets.dialogs.create} /> : null;

  return (
    <>
      <div className="toolbar toolbar-between">
        <Select
          label={t('sets.control')}
          value={controlId === null ? '' : String(controlId)}
          onChange={(e) => onControlChange(e.target.value ? Number(e.target.value) : null)}
          options={[
            { value: '', label: t('sets.chooseControl') },
            ...controls.map((c) => ({ value: String(c.id), label: `${c.name} (#${c.id})` })),
          ]}
        />
        {newButton}
      </div>
      {controlId === null ? (
        <p className="field-hint">{t('sets.pickHint')}</p>
      ) : (
        <ResourceTable
          resource={sets}
          caption={t('tabs.sets')}
          columns={columns}
          rowKey={(s) => s.id}
          empty={<EmptyState title={t('sets.empty')} action={newButton} />}
          writable={canWrite}
          actionsHeader={t('col.actions')}
          edit={{ label: (s) => t('sets.edit', { id: s.id }) }}
          remove={{
            label: (s) => t('sets.delete', { id: s.id }),
            title: () => t('sets.deleteTitle'),
            body: (s) =>
              t('sets.deleteBody', { id: s.id, summary: summarize(s.scopes) || t('sets.emptySet') }),
            run: async (s) => {
              await scopesApi.removeSet(s.id);
              invalidate(scopeSetsKey(controlId));
              toast.success(t('sets.deleted', { id: s.id }));
            },
          }}
          editor={(set, close) => (
            <ScopeSetDialog
              controlId={controlId}
              set={set}
              scopes={scopes}
              onClose={close}
              onSaved={(s, created) => {
                close();
                invalidate(scopeSetsKey(controlId));
                toast.success(created ? t('sets.created') : t('sets.updated', { id: s.id }));
              }}
            />
          )}
        />
      )}
    </>
  );
}
