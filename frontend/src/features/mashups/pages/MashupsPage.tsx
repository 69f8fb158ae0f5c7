// /mashups: the Node-RED flows a control can run (tabs with an http-in node), listed through the
// backend. Node-RED's editor opens in a new tab; the backend offers no flow deletion, so neither do we.
import { Copy, ExternalLink } from 'lucide-react';
import { useMemo, useState } from 'react';
import {
  Badge,
  EmptyState,
  IconButton,
  PageHeader,
  ResourceTable,
  Stack,
  FilterBox,
  toast,
  type Column,
} from '../../../components';
import { config } from '../../../config';
import { registerMessages, useT } from '../../../i18n';
import { useResource } from '../../../lib/useResource';
import { FLOWS_KEY, mashupsApi } from '../api';
import { editorUrl, mashupsFromFlows, type FlowNode, type Mashup } from '../../../lib/flows';
import { messages } from '../messages';

registerMessages('mashups', messages);

export function Component() {
  const { t } = useT('mashups');
  const flows = useResource(FLOWS_KEY, (signal) => mashupsApi.flows(signal));
  const mashups = useMemo(
    () => (flows.data ? mashupsFromFlows(flows.data as FlowNode[]) : undefined),
    [flows.data],
  );
  const [filter, setFilter] = useState('');
  const nodeRedBase = config().nodeRedBase;
  const nameOf = (m: Mashup) => m.label || t('untitled');

  const copy = async (m: Mashup) => {
    try {
      await navigator.clipboard.writeText(m.endpoints[0]?.url ?? '');
      toast.success(t('copied'));
    } catch {
      toast.error(t('common:error.unexpected'));
    }
  };

  const q = filter.trim().toLowerCase();
  const matches = (m: Mashup) =>
    !q || [m.label, m.info, ...m.endpoints.map((e) => e.url)].some((s) => s.toLowerCase().includes(q));

  const columns: Column<Mashup>[] = [
    {
      key: 'name',
      header: t('col.name'),
      sortValue: (m) => nameOf(m),
      render: (m) => (
        <Stack gap={1}>
          <strong>{nameOf(m)}</strong>
          {m.disabled && <Badge tone="warning">{t('disabled')}</Badge>}
        </Stack>
      ),
    },
    {
      key: 'info',
      header: t('col.info'),
      render: (m) => <span className="muted pre-line">{m.info || '—'}</span>,
    },
    {
      key: 'endpoint',
      header: t('col.endpoint'),
      sortValue: (m) => m.endpoints[0]?.url,
      render: (m) => (
        <div title={t('endpointHint')}>
          {m.endpoints.map((e) => (
            <div key={`${e.method} ${e.url}`}>
              <Badge>{e.method}</Badge> <code className="mono text-sm">{e.url}</code>
            </div>
          ))}
        </div>
      ),
    },
    {
      key: 'nodes',
      header: t('col.nodes'),
      align: 'end',
      sortValue: (m) => m.numNodes,
      render: (m) => t('nodes', { count: m.numNodes }),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('subtitle')}
        actions={
          <a className="btn btn-secondary" href={`${nodeRedBase}/`} target="_blank" rel="noopener noreferrer">
            <ExternalLink size={16} aria-hidden="true" />
            {t('openNodeRed')}
          </a>
        }
      />
      <ResourceTable
        resource={{ ...flows, data: mashups }}
        errorTitle={t('loadError')}
        empty={<EmptyState title={t('empty')} body={t('emptyHint')} />}
        toolbar={<FilterBox label={t('filter')} value={filter} onChange={setFilter} />}
        filter={(rows) => rows.filter(matches)}
        noMatch={<EmptyState title={t('noMatch', { query: filter })} />}
        caption={t('title')}
        columns={columns}
        rowKey={(m) => m.id}
        initialSort={{ key: 'name', dir: 'asc' }}
        actionsHeader={t('col.actions')}
        readActions={(m) => (
          <>
            <IconButton
              aria-label={t('copyEndpoint', { name: nameOf(m) })}
              icon={<Copy size={16} />}
              onClick={() => void copy(m)}
            />
            <a
              className="btn btn-secondary btn-sm"
              href={editorUrl(nodeRedBase, m.id)}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('openEditorFor', { name: nameOf(m) })}
            >
              <ExternalLink size={14} aria-hidden="true" />
              {t('openEditor')}
            </a>
          </>
        )}
      />
    </>
  );
}
