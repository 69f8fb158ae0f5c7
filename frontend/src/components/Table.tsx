// A data table with sortable headers and client-side pages. On narrow screens (< 640px) each row
// becomes a card with the column names as labels (CSS reads data-label), so nothing scrolls sideways
// on a 390px phone.
import { clsx } from 'clsx';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { Pager } from './Pager';
import { useT } from '../i18n';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: T) => string | number | boolean | null | undefined;
  align?: 'start' | 'end';
  /** Hidden in the narrow card layout (e.g. secondary dates). */
  hideOnMobile?: boolean;
}

export interface TableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  /** Caption for screen readers (what the table lists). */
  caption: string;
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  onRowClick?: (row: T) => void;
  /** Rows per page (sorted first, then paged); the pager shows only when there is more than one page. */
  pageSize?: number;
}

/** Rows per page unless a table says otherwise. */
export const DEFAULT_PAGE_SIZE = 50;

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

export function Table<T>({
  columns,
  rows,
  rowKey,
  caption,
  initialSort,
  onRowClick,
  pageSize = DEFAULT_PAGE_SIZE,
}: TableProps<T>) {
  const { t } = useT();
  const [sort, setSort] = useState(initialSort);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sortValue) return rows;
    const get = col.sortValue;
    const out = [...rows].sort((a, b) => compare(get(a), get(b)));
    return sort?.dir === 'desc' ? out.reverse() : out;
  }, [rows, columns, sort]);

  // A list that shrank (a filter, a deletion) keeps the last page that still has rows.
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = pages > 1 ? sorted.slice(current * pageSize, (current + 1) * pageSize) : sorted;

  const toggle = (key: string) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={c.sortValue ? (ariaSort ?? 'none') : undefined}
                    className={clsx(c.align === 'end' && 'align-end', c.hideOnMobile && 'hide-mobile')}
                  >
                    {c.sortValue ? (
                      <button type="button" className="th-sort" onClick={() => toggle(c.key)}>
                        {c.header}
                        {active ? (
                          sort.dir === 'asc' ? (
                            <ArrowUp size={14} aria-hidden="true" />
                          ) : (
                            <ArrowDown size={14} aria-hidden="true" />
                          )
                        ) : (
                          <ArrowUpDown size={14} aria-hidden="true" className="th-sort-idle" />
                        )}
                        <span className="visually-hidden">{t('table.sortBy', { column: c.header })}</span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr
                key={rowKey(row)}
                className={clsx(onRowClick && 'row-clickable')}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((c) => (
                  <td
                    key={c.key}
                    data-label={c.header}
                    className={clsx(c.align === 'end' && 'align-end', c.hideOnMobile && 'hide-mobile')}
                  >
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <Pager
          offset={current * pageSize}
          limit={pageSize}
          total={sorted.length}
          onOffset={(o) => setPage(Math.floor(o / pageSize))}
        />
      )}
    </>
  );
}
