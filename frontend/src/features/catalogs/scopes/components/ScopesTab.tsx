// The scope definitions: a table with edit and delete per row (DEVELOPER and ADMIN only).
import type { Scope } from '@backend/contract';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  IconButton,
  ResourceView,
  Stack,
  Table,
  toast,
  type Column,
} from '../../../../components';
import { useT } from '../../../../i18n';
import { invalidate, useResource, type Resource } from '../../../../lib/useResource';
import { ALL_SETS_KEY, SCOPES_KEY, scopesApi } from '../api';
import { ScopeFormDialog } from './ScopeFormDialog';

export function ScopesTab({ scopes, canWrite }: { scopes: Resource<Scope[]>; canWrite: boolean }) {
  const { t } = useT('scopes');
  const [editing, setEditing] = useState<Scope | 'new'>();
  const [deleting, setDeleting] = useState<Scope>();

  const columns: Column<Scope>[] = [
    {
      key: 'name',
      header: t('col.name'),
      render: (s) => <strong>{s.name}</strong>,
      sortValue: (s) => s.name,
    },
    { key: 'description', header: t('col.description'), render: (s) => s.description || '—' },
    {
      key: 'type',
      header: t('col.type'),
      render: (s) => <Badge>{t(`type.${s.type}`, { defaultValue: s.type })}</Badge>,
      sortValue: (s) => s.type,
    },
    { key: 'default', header: t('col.default'), render: (s) => (s.default ? <code>{s.default}</code> : '—') },
  ];
  if (canWrite)
    columns.push({
      key: 'actions',
      header: t('col.actions'),
      align: 'end',
      render: (s) => (
        <Stack gap={1}>
          <IconButton
            aria-label={t('edit', { name: s.name })}
            icon={<Pencil size={16} />}
            onClick={() => setEditing(s)}
          />
          <IconButton
            aria-label={t('delete', { name: s.name })}
            icon={<Trash2 size={16} />}
            onClick={() => setDeleting(s)}
          />
        </Stack>
      ),
    });

  const newButton = canWrite ? (
    <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={() => setEditing('new')}>
      {t('new')}
    </Button>
  ) : null;

  return (
    <>
      {newButton && <div className="scopes-toolbar">{newButton}</div>}
      <ResourceView
        resource={scopes}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={newButton} />}
      >
        {(rows) => (
          <Table
            caption={t('tabs.scopes')}
            columns={columns}
            rows={rows}
            rowKey={(s) => s.id}
            initialSort={{ key: 'name', dir: 'asc' }}
          />
        )}
      </ResourceView>
      {editing && (
        <ScopeFormDialog
          scope={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(s, created) => {
            setEditing(undefined);
            invalidate(SCOPES_KEY);
            toast.success(t(created ? 'created' : 'updated', { name: s.name }));
          }}
        />
      )}
      {deleting && <DeleteScopeDialog scope={deleting} onClose={() => setDeleting(undefined)} />}
    </>
  );
}

/** Confirms a deletion, saying how many scope sets (of which controls) still use the scope. */
function DeleteScopeDialog({ scope, onClose }: { scope: Scope; onClose: () => void }) {
  const { t } = useT('scopes');
  const sets = useResource(ALL_SETS_KEY, (signal) => scopesApi.allSets(signal));
  const using = (sets.data ?? []).filter((s) => Object.hasOwn(s.scopes, scope.name));
  const controls = [...new Set(using.map((s) => s.controlId))];
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('deleteTitle')}
      body={
        <>
          {t('deleteBody', { name: scope.name })}
          {using.length > 0 && (
            <>
              {' '}
              <strong>
                {t('usedBy', { count: using.length, controls: controls.map((c) => `#${c}`).join(', ') })}
              </strong>
            </>
          )}
        </>
      }
      onConfirm={async () => {
        await scopesApi.remove(scope.id);
        invalidate(SCOPES_KEY);
        toast.success(t('deleted', { name: scope.name }));
      }}
    />
  );
}
