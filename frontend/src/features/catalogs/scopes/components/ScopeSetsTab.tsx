// The scope sets of one control (chosen in a select, kept in the URL as ?controlId=).
import type { Control, Scope, ScopeSet } from '@backend/contract';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  IconButton,
  ResourceView,
  Select,
  Skeleton,
  Stack,
  Table,
  toast,
  type Column,
} from '../../../../components';
import { useT } from '../../../../i18n';
import { formatDateTime } from '../../../../lib/format';
import { invalidate, useResource } from '../../../../lib/useResource';
import { scopeSetsKey, scopesApi } from '../api';
import { summarize } from '../../../../lib/scopeSetValues';
import { ScopeSetDialog } from './ScopeSetDialog';

export function ScopeSetsTab({
  controlId,
  onControlChange,
  scopes,
  canWrite,
}: {
  controlId: number | null;
  onControlChange: (id: number | null) => void;
  scopes: Scope[];
  canWrite: boolean;
}) {
  const { t } = useT('scopes');
  const controls = useResource('controls:all', (signal) => scopesApi.controls(signal));
  const sets = useResource(controlId === null ? null : scopeSetsKey(controlId), (signal) =>
    scopesApi.sets(controlId!, signal),
  );
  const [editing, setEditing] = useState<ScopeSet | 'new'>();
  const [deleting, setDeleting] = useState<ScopeSet>();

  if (controls.error !== undefined && !controls.data)
    return (
      <ErrorState
        title={t('sets.controlsError')}
        error={controls.error}
        onRetry={() => void controls.reload()}
      />
    );
  if (!controls.data) return <Skeleton lines={2} />;
  if (controls.data.length === 0) return <EmptyState title={t('sets.noControls')} />;

  const label = (c: Control) => `${c.name} (#${c.id})`;
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
  if (canWrite)
    columns.push({
      key: 'actions',
      header: t('col.actions'),
      align: 'end',
      render: (s) => (
        <Stack gap={1}>
          <IconButton
            aria-label={t('sets.edit', { id: s.id })}
            icon={<Pencil size={16} />}
            onClick={() => setEditing(s)}
          />
          <IconButton
            aria-label={t('sets.delete', { id: s.id })}
            icon={<Trash2 size={16} />}
            onClick={() => setDeleting(s)}
          />
        </Stack>
      ),
    });

  const newButton =
    canWrite && controlId !== null ? (
      <Button
        variant="primary"
        icon={<Plus size={16} aria-hidden="true" />}
        onClick={() => setEditing('new')}
      >
        {t('sets.new')}
      </Button>
    ) : null;

  return (
    <>
      <div className="scopes-toolbar">
        <Select
          label={t('sets.control')}
          value={controlId === null ? '' : String(controlId)}
          onChange={(e) => onControlChange(e.target.value ? Number(e.target.value) : null)}
          options={[
            { value: '', label: t('sets.chooseControl') },
            ...controls.data.map((c) => ({ value: String(c.id), label: label(c) })),
          ]}
        />
        {newButton}
      </div>
      {controlId === null ? (
        <p className="field-hint">{t('sets.pickHint')}</p>
      ) : (
        <ResourceView resource={sets} empty={<EmptyState title={t('sets.empty')} action={newButton} />}>
          {(rows) => <Table caption={t('tabs.sets')} columns={columns} rows={rows} rowKey={(s) => s.id} />}
        </ResourceView>
      )}
      {editing && controlId !== null && (
        <ScopeSetDialog
          controlId={controlId}
          set={editing === 'new' ? undefined : editing}
          scopes={scopes}
          onClose={() => setEditing(undefined)}
          onSaved={(s, created) => {
            setEditing(undefined);
            invalidate(scopeSetsKey(controlId));
            toast.success(created ? t('sets.created') : t('sets.updated', { id: s.id }));
          }}
        />
      )}
      {deleting && controlId !== null && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(undefined)}
          title={t('sets.deleteTitle')}
          body={t('sets.deleteBody', {
            id: deleting.id,
            summary: summarize(deleting.scopes) || t('sets.emptySet'),
          })}
          onConfirm={async () => {
            await scopesApi.removeSet(deleting.id);
            invalidate(scopeSetsKey(controlId));
            toast.success(t('sets.deleted', { id: deleting.id }));
          }}
        />
      )}
    </>
  );
}
