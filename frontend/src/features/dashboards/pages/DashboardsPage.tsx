// /dashboards: Grafana folders and dashboards through the backend, as a filterable tree. Creating
// and deleting are for DEVELOPER and ADMIN; a Grafana that is down shows the backend's message.
import type { GrafanaFolder, GrafanaSearchHit } from '@backend/contract';
import { FolderPlus, Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Button,
  EmptyState,
  ListDialogsView,
  PageHeader,
  ResourceView,
  Skeleton,
  FilterBox,
  toast,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { registerMessages, useT } from '../../../i18n';
import { invalidate, useResource } from '../../../lib/useResource';
import { useListDialogs } from '../../../lib/useResourceList';
import { DASHBOARDS_KEY, dashboardsApi } from '../api';
import { NewDashboardDialog, NewFolderDialog } from '../components/CreateDialogs';
import { FolderTree, type DeleteTarget } from '../components/FolderTree';
import { messages } from '../messages';
import { buildTree, listOf } from '../../../lib/dashboardTree';
import '../dashboards.css';

registerMessages('dashboards', messages);

export function Component() {
  const { t } = useT('dashboards');
  const navigate = useNavigate();
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const folders = useResource(`${DASHBOARDS_KEY}/folders`, (signal) => dashboardsApi.folders(signal));
  const dashboards = useResource(`${DASHBOARDS_KEY}/dashboards`, (signal) =>
    dashboardsApi.dashboards(signal),
  );
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<'folder' | 'dashboard'>();
  const deletes = useListDialogs<DeleteTarget>();
  // Never trust the shape of an answer: a non-list is an error state, not a crash.
  const folderList = useMemo(() => listOf<GrafanaFolder>(folders.data), [folders.data]);
  const dashboardList = useMemo(() => listOf<GrafanaSearchHit>(dashboards.data), [dashboards.data]);
  const tree = useMemo(
    () => buildTree(folderList ?? [], dashboardList ?? [], filter),
    [folderList, dashboardList, filter],
  );

  const actions = canWrite ? (
    <>
      <Button icon={<FolderPlus size={16} aria-hidden="true" />} onClick={() => setDialog('folder')}>
        {t('newFolder')}
      </Button>
      <Button
        variant="primary"
        icon={<Plus size={16} aria-hidden="true" />}
        onClick={() => setDialog('dashboard')}
      >
        {t('newDashboard')}
      </Button>
    </>
  ) : undefined;

  const shapeError =
    folders.data !== undefined && !folderList
      ? new Error(t('notAList', { what: t('whatFolders') }))
      : dashboards.data !== undefined && !dashboardList
        ? new Error(t('notAList', { what: t('whatDashboards') }))
        : undefined;
  const reload = () => invalidate(DASHBOARDS_KEY);
  // Both lists, once both are here and both are lists.
  const both = {
    data: folderList && dashboardList ? { folderList, dashboardList } : undefined,
    error: folders.error ?? dashboards.error ?? shapeError,
    reload,
  };

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} actions={actions} />
      <ResourceView
        resource={both}
        errorTitle={t('loadError')}
        loading={<Skeleton lines={5} />}
        isEmpty={(d) => d.folderList.length === 0 && d.dashboardList.length === 0}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={actions} />}
      >
        {() => (
          <>
            <FilterBox label={t('filter')} value={filter} onChange={setFilter} />
            {tree.folders.length === 0 && tree.general.length === 0 ? (
              <EmptyState title={t('noMatch', { query: filter })} />
            ) : (
              <FolderTree
                tree={tree}
                canWrite={canWrite}
                forceOpen={filter.trim() !== ''}
                onDelete={deletes.askDelete}
              />
            )}
          </>
        )}
      </ResourceView>
      {dialog === 'folder' && (
        <NewFolderDialog
          folders={folderList ?? []}
          onClose={() => setDialog(undefined)}
          onCreated={(f) => {
            setDialog(undefined);
            reload();
            toast.success(t('folderCreated', { name: f.title }));
          }}
        />
      )}
      {dialog === 'dashboard' && (
        <NewDashboardDialog
          folders={folderList ?? []}
          onClose={() => setDialog(undefined)}
          onCreated={(d, title) => {
            setDialog(undefined);
            reload();
            toast.success(t('dashboardCreated', { name: title }));
            void navigate(`/dashboards/${encodeURIComponent(d.uid)}`);
          }}
        />
      )}
      <ListDialogsView
        dialogs={deletes}
        remove={{
          title: (d) => (d.kind === 'folder' ? t('deleteFolderTitle') : t('deleteDashboardTitle')),
          body: (d) =>
            d.kind === 'folder'
              ? t('deleteFolderBody', { name: d.item.title })
              : t('deleteDashboardBody', { name: d.item.title }),
          run: async (d) => {
            if (d.kind === 'folder') await dashboardsApi.deleteFolder(d.item.uid);
            else await dashboardsApi.deleteDashboard(d.item.uid);
            reload();
            toast.success(t('deleted', { name: d.item.title }));
          },
        }}
      />
    </>
  );
}
