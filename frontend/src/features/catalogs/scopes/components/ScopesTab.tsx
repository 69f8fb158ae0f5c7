// The scope definitions: a table with edit and delete per row (DEVELOPER and ADMIN only).
import type { Scope } from '@backend/contract';
import { Badge, EmptyState, NewButton, ResourceTable, toast, type Column } from '../../../../components';
import { useT } from '../../../../i18n';
import { invalidate, useResource, type Resource } from '../../../../lib/useResource';
import { useListDialogs } from '../../../../lib/useResourceList';
import { ALL_SETS_KEY, SCOPES_KEY, scopesApi } from '../api';
import { ScopeFormDialog } from './ScopeFormDialog';

export function ScopesTab({ scopes, canWrite }: { scopes: Resource<Scope[]>; canWrite: boolean }) {
  const { t } = useT('scopes');
  const dialogs = useListDialogs<Scope>();

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

  const newButton = canWrite ? <NewButton label={t('new')} onClick={dialogs.create} /> : null;

  return (
    <>
      {newButton && <div className="toolbar toolbar-end">{newButton}</div>}
      <ResourceTable
        resource={{ ...scopes, dialogs }}
        caption={t('tabs.scopes')}
        columns={columns}
        rowKey={(s) => s.id}
        initialSort={{ key: 'name', dir: 'asc' }}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={newButton} />}
        writable={canWrite}
        actionsHeader={t('col.actions')}
        edit={{ label: (s) => t('edit', { name: s.name }) }}
        remove={{
          label: (s) => t('delete', { name: s.name }),
          title: () => t('deleteTitle'),
          body: (s) => <DeleteScopeBody scope={s} />,
          run: async (s) => {
            await scopesApi.remove(s.id);
            invalidate(SCOPES_KEY);
            toast.success(t('deleted', { name: s.name }));
          },
        }}
        editor={(scope, close) => (
          <ScopeFormDialog
            scope={scope}
            onClose={close}
            onSaved={(s, created) => {
              close();
              invalidate(SCOPES_KEY);
              toast.success(t(created ? 'created' : 'updated', { name: s.name }));
            }}
          />
        )}
      />
    </>
  );
}

/** What deleting a scope says, with how many scope sets (of which controls) still use it. */
function DeleteScopeBody({ scope }: { scope: Scope }) {
  const { t } = useT('scopes');
  const sets = useResource(ALL_SETS_KEY, (signal) => scopesApi.allSets(signal));
  const using = (sets.data ?? []).filter((s) => Object.hasOwn(s.scopes, scope.name));
  const controls = [...new Set(using.map((s) => s.controlId))];
  return (
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
  );
}
