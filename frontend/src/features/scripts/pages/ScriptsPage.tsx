// /scripts: the code that flows fetch by id (GET /scripts/:id is public for Node-RED). Reading is
// open to every signed-in user; writing to DEVELOPER and ADMIN (the backend's policy).
import type { Script } from '@backend/contract';
import { Copy } from 'lucide-react';
import {
  NewButton,
  EmptyState,
  IconButton,
  PageHeader,
  ResourceTable,
  Stack,
  toast,
  type Column,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { registerMessages, useT } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { invalidate } from '../../../lib/useResource';
import { useResourceList } from '../../../lib/useResourceList';
import { SCRIPTS_KEY, scriptsApi } from '../api';
import { ScriptFormDialog } from '../components/ScriptFormDialog';
import { messages } from '../messages';
import { lineCount, scriptDescription, scriptName } from '../scriptMeta';

registerMessages('scripts', messages);

export function Component() {
  const { t } = useT('scripts');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const scripts = useResourceList(SCRIPTS_KEY, (signal) => scriptsApi.list(signal));
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
          {scriptDescription(s) && <div className="muted text-sm">{scriptDescription(s)}</div>}
        </div>
      ),
    },
    {
      key: 'id',
      header: t('col.id'),
      render: (s) => (
        <Stack gap={1}>
          <code className="mono text-xs">{s.id}</code>
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

  const newButton = canWrite ? <NewButton label={t('new')} onClick={scripts.dialogs.create} /> : undefined;

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} actions={newButton} />
      <ResourceTable
        resource={scripts}
        caption={t('title')}
        columns={columns}
        rowKey={(s) => s.id}
        initialSort={{ key: 'updated', dir: 'desc' }}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} action={newButton} />}
        actionsHeader={t('col.actions')}
        writable={canWrite}
        edit={{ label: (s) => t('edit', { name: nameOf(s) }) }}
        remove={{
          label: (s) => t('delete', { name: nameOf(s) }),
          title: () => t('deleteTitle'),
          body: (s) => t('deleteBody', { name: nameOf(s), id: s.id }),
          run: async (s) => {
            await scriptsApi.remove(s.id);
            invalidate(SCRIPTS_KEY);
            toast.success(t('deleted', { name: nameOf(s) }));
          },
        }}
        editor={(script, close) => (
          <ScriptFormDialog
            script={script}
            onClose={close}
            onSaved={(name, created) => {
              close();
              invalidate(SCRIPTS_KEY);
              toast.success(t(created ? 'created' : 'updated', { name }));
            }}
          />
        )}
      />
    </>
  );
}
