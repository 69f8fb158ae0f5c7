// /scripts: the code that flows fetch by id (GET /scripts/:id is public for Node-RED). Reading is
// open to every signed-in user; writing to DEVELOPER and ADMIN (the backend's policy).
import type { Script } from '@backend/contract';
import { Copy, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import {
  Button,
  ConfirmDialog,
  EmptyState,
  IconButton,
  PageHeader,
  ResourceView,
  Stack,
  Table,
  toast,
  type Column,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { registerMessages, useT } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { invalidate, useResource } from '../../../lib/useResource';
import { SCRIPTS_KEY, scriptsApi } from '../api';
import { ScriptFormDialog } from '../components/ScriptFormDialog';
import { messages } from '../messages';
import { lineCount, scriptDescription, scriptName } from '../scriptMeta';
import '../scripts.css';

registerMessages('scripts', messages);

export function Component() {
  const { t } = useT('scripts');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const scripts = useResource(SCRIPTS_KEY, (signal) => scriptsApi.list(signal));
  const [editing, setEditing] = useState<Script | 'new'>();
  const [deleting, setDeleting] = useState<Script>();
  const nameOf = (s: Script) => scriptName(s) ?? t('untitled');

  const copyId = async (s: Script) => {
    try {
      await navigator.clipboard.writeText(s.id);
      toast.success(t('idCopied'));
    } catch {
      toast.error(t('common:error.unexpected'));
    }
  };

  const columns: Column<Script>[] = [
    {
      key: 'name',
      header: t('col.name'),
      sortValue: (s) => nameOf(s),
      render: (s) => (
        <div>
          <strong>{nameOf(s)}</strong>
          {scriptDescription(s) && <div className="script-description">{scriptDescription(s)}</div>}
        </div>
      ),
    },
    {
      key: 'id',
      header: t('col.id'),
      render: (s) => (
        <Stack gap={1}>
          <code className="script-id">{s.id}</code>
          <IconButton
            size="sm"
            aria-label={t('copyId', { name: nameOf(s) })}
            icon={<Copy size={14} />}
            onClick={() => void copyId(s)}
          />
        </Stack>
      ),
      hideOnMobile: true,
    },
    {
      key: 'lines',
      header: t('col.lines'),
      render: (s) => lineCount(s.code),
      sortValue: (s) => lineCount(s.code),
      align: 'end',
    },
    {
      key: 'updated',
      header: t('col.updated'),
      render: (s) => formatDateTime(s.updatedAt ?? s.createdAt),
      sortValue: (s) => s.updatedAt ?? s.createdAt,
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
            aria-label={t('edit', { name: nameOf(s) })}
            icon={<Pencil size={16} />}
            onClick={() => setEditing(s)}
          />
          <IconButton
            aria-label={t('delete', { name: nameOf(s) })}
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
  ) : undefined;

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} actions={newButton} />
      <ResourceView
        resource={scripts}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={newButton} />}
      >
        {(rows) => (
          <Table
            caption={t('title')}
            columns={columns}
            rows={rows}
            rowKey={(s) => s.id}
            initialSort={{ key: 'updated', dir: 'desc' }}
          />
        )}
      </ResourceView>
      {editing && (
        <ScriptFormDialog
          script={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={(name, created) => {
            setEditing(undefined);
            invalidate(SCRIPTS_KEY);
            toast.success(t(created ? 'created' : 'updated', { name }));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(undefined)}
          title={t('deleteTitle')}
          body={t('deleteBody', { name: nameOf(deleting), id: deleting.id })}
          onConfirm={async () => {
            await scriptsApi.remove(deleting.id);
            invalidate(SCRIPTS_KEY);
            toast.success(t('deleted', { name: nameOf(deleting) }));
          }}
        />
      )}
    </>
  );
}
