// /catalogs: search by name, filter by status, compliance per catalog, delete with a confirmation
// that names the catalog. Filters live in the URL (?q=&status=) so a filtered list can be shared.
import type { Catalog, PublishStatus } from '@backend/contract';
import { Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  EmptyState,
  PageHeader,
  ResourceTable,
  Select,
  StatusBadge,
  TextField,
  toast,
  type Column,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { registerMessages, useT } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { invalidate } from '../../../lib/useResource';
import { useResourceList } from '../../../lib/useResourceList';
import { catalogsApi } from '../api';
import { ComplianceBadge } from '../components/ComplianceBadge';
import { messages } from '../messages';
import { useComplianceIndex } from '../useCompliance';

registerMessages('catalogs', messages);

const STATUSES = ['draft', 'finalized'] as const;
const asStatus = (v: string | null): PublishStatus | '' =>
  (STATUSES as readonly string[]).includes(v ?? '') ? (v as PublishStatus) : '';

export function Component() {
  const { t } = useT('catalogs');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const status = asStatus(search.get('status'));
  const [text, setText] = useState(q);

  // Typing updates the URL (and so the query) after a short pause, not on every key.
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (text) next.set('q', text);
          else next.delete('q');
          return next;
        },
        { replace: true },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [text, q, setSearch]);

  const list = useResourceList<Catalog>(`catalogs:list:${status}:${q}`, (s) =>
    catalogsApi.list({ name: q, status }, s),
  );
  const comp = useComplianceIndex();

  const columns: Column<Catalog>[] = [
    {
      key: 'name',
      header: t('list.name'),
      sortValue: (c) => c.name,
      render: (c) => <Link to={`/catalogs/${c.id}`}>{c.name}</Link>,
    },
    {
      key: 'status',
      header: t('list.status'),
      sortValue: (c) => c.status,
      render: (c) => <StatusBadge status={c.status} label={t(`status.${c.status}`)} />,
    },
    {
      key: 'compliance',
      header: t('list.compliance'),
      sortValue: (c) => comp.byCatalog.get(c.id)?.pct ?? -1,
      render: (c) =>
        comp.ready ? <ComplianceBadge value={comp.byCatalog.get(c.id)} /> : <span className="muted">…</span>,
    },
    {
      key: 'dates',
      header: t('list.dates'),
      sortValue: (c) => c.startDate,
      hideOnMobile: true,
      render: (c) =>
        t('detail.datesValue', {
          start: formatDate(c.startDate),
          end: c.endDate ? formatDate(c.endDate) : t('detail.openEnded'),
        }),
    },
  ];
  const filtered = q !== '' || status !== '';
  return (
    <>
      <PageHeader
        title={t('list.title')}
        actions={
          canWrite && (
            <Link className="btn btn-primary" to="/catalogs/new">
              <Plus size={16} aria-hidden="true" />
              {t('list.new')}
            </Link>
          )
        }
      />
      <div className="toolbar" role="search">
        <TextField
          label={t('list.search')}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Select
          label={t('list.status')}
          value={status}
          onChange={(e) =>
            setSearch(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (e.target.value) next.set('status', e.target.value);
                else next.delete('status');
                return next;
              },
              { replace: true },
            )
          }
          options={[
            { value: '', label: t('list.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
      </div>
      <ResourceTable
        resource={list}
        empty={
          <EmptyState
            title={filtered ? t('list.emptyFiltered') : t('list.title')}
            body={filtered ? t('list.emptyFiltered') : t('list.empty')}
          />
        }
        caption={t('list.title')}
        columns={columns}
        rowKey={(c) => c.id}
        writable={canWrite}
        actionsHeader={t('common:actions')}
        rowActions={(c) =>
          c.status === 'draft' && (
            <Link className="btn btn-sm btn-secondary" to={`/catalogs/${c.id}/wizard`}>
              {t('list.continue')}
            </Link>
          )
        }
        remove={{
          label: (c) => t('list.delete', { name: c.name }),
          title: (c) => t('list.deleteTitle', { name: c.name }),
          body: (c) => t('list.deleteBody', { name: c.name }),
          run: async (c) => {
            await catalogsApi.remove(c.id);
            toast.success(t('list.deleted', { name: c.name }));
            invalidate('catalogs');
            invalidate('controls');
          },
        }}
      />
    </>
  );
}
