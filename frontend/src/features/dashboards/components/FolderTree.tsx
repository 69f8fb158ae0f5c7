// The folders and dashboards as an expandable tree: folder rows toggle (aria-expanded), dashboard
// rows link to /dashboards/:uid; delete buttons only for roles that may delete.
import type { GrafanaFolder, GrafanaSearchHit } from '@backend/contract';
import { ChevronDown, ChevronRight, Folder, LayoutDashboard, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, IconButton } from '../../../components';
import { useT } from '../../../i18n';
import type { DashboardTree, FolderNode } from '../../../lib/dashboardTree';

export type DeleteTarget =
  { kind: 'folder'; item: GrafanaFolder } | { kind: 'dashboard'; item: GrafanaSearchHit };

interface Props {
  tree: DashboardTree;
  canWrite: boolean;
  /** While filtering every folder is open. */
  forceOpen: boolean;
  onDelete: (t: DeleteTarget) => void;
}

function DashboardRow({
  d,
  canWrite,
  onDelete,
}: {
  d: GrafanaSearchHit;
  canWrite: boolean;
  onDelete: Props['onDelete'];
}) {
  const { t } = useT('dashboards');
  return (
    <li className="dash-row">
      <LayoutDashboard size={16} aria-hidden="true" />
      <Link to={`/dashboards/${encodeURIComponent(d.uid)}`} className="dash-link">
        {d.title}
      </Link>
      {canWrite && (
        <IconButton
          size="sm"
          aria-label={t('deleteDashboard', { name: d.title })}
          icon={<Trash2 size={14} />}
          onClick={() => onDelete({ kind: 'dashboard', item: d })}
        />
      )}
    </li>
  );
}

function FolderRow({ node, canWrite, forceOpen, onDelete }: { node: FolderNode } & Omit<Props, 'tree'>) {
  const { t } = useT('dashboards');
  const [open, setOpen] = useState(true);
  const expanded = forceOpen || open;
  const name = node.folder.title;
  const listId = `folder-${node.folder.uid}`;
  return (
    <li className="dash-folder">
      <div className="dash-row">
        <button
          type="button"
          className="dash-toggle"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-label={expanded ? t('collapse', { name }) : t('expand', { name })}
          onClick={() => setOpen(!expanded)}
        >
          {expanded ? (
            <ChevronDown size={16} aria-hidden="true" />
          ) : (
            <ChevronRight size={16} aria-hidden="true" />
          )}
        </button>
        <Folder size={16} aria-hidden="true" />
        <span className="dash-folder-title">{name}</span>
        <Badge>{t('dashboards', { count: node.total })}</Badge>
        {canWrite && (
          <IconButton
            size="sm"
            aria-label={t('deleteFolder', { name })}
            icon={<Trash2 size={14} />}
            onClick={() => onDelete({ kind: 'folder', item: node.folder })}
          />
        )}
      </div>
      {expanded && (
        <ul id={listId} className="dash-tree dash-tree-nested">
          {node.children.map((c) => (
            <FolderRow
              key={c.folder.uid}
              node={c}
              canWrite={canWrite}
              forceOpen={forceOpen}
              onDelete={onDelete}
            />
          ))}
          {node.dashboards.map((d) => (
            <DashboardRow key={d.uid} d={d} canWrite={canWrite} onDelete={onDelete} />
          ))}
          {node.children.length === 0 && node.dashboards.length === 0 && (
            <li className="dash-row dash-empty">{t('folderEmpty')}</li>
          )}
        </ul>
      )}
    </li>
  );
}

export function FolderTree({ tree, canWrite, forceOpen, onDelete }: Props) {
  const { t } = useT('dashboards');
  return (
    <ul className="dash-tree" aria-label={t('title')}>
      {tree.folders.map((n) => (
        <FolderRow
          key={n.folder.uid}
          node={n}
          canWrite={canWrite}
          forceOpen={forceOpen}
          onDelete={onDelete}
        />
      ))}
      {tree.general.length > 0 && (
        <li className="dash-folder">
          <div className="dash-row">
            <Folder size={16} aria-hidden="true" />
            <span className="dash-folder-title">{t('general')}</span>
          </div>
          <ul className="dash-tree dash-tree-nested">
            {tree.general.map((d) => (
              <DashboardRow key={d.uid} d={d} canWrite={canWrite} onDelete={onDelete} />
            ))}
          </ul>
        </li>
      )}
    </ul>
  );
}
