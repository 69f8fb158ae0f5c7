// The list of a resource page, declared once: loading, the error with a retry, the empty state, then
// a sortable, paged table whose last column holds the row actions (edit, delete and any others). The
// create/edit dialog and the delete confirmation open from the list's dialog state
// (lib/useResourceList), so a page states its columns, texts and dialogs and nothing else.
import { Pencil, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useListDialogs, type ListDialogs, type ServerPaging } from '../lib/useResourceList';
import { IconButton } from './Button';
import { ConfirmDialog } from './Dialog';
import { Pager } from './Pager';
import { EmptyState, ResourceView, type ResourceLike } from './States';
import { Table, type Column, type TableProps } from './Table';

export interface RowActionSpec<T> {
  /** The button's accessible name, naming the row ("Edit secret db"). */
  label: (row: T) => string;
  icon?: ReactNode;
  disabled?: (row: T) => boolean;
}

export interface DeleteSpec<T> extends RowActionSpec<T> {
  /** The confirmation's title and body: they name what is deleted. */
  title: (row: T) => ReactNode;
  body: (row: T) => ReactNode;
  /** Deletes the row (and says so). The dialog closes when it resolves and shows what it throws. */
  run: (row: T) => Promise<unknown>;
}

export interface ResourceTableProps<T> extends Omit<TableProps<T>, 'rows'> {
  resource: ResourceLike<T[]> & { dialogs?: ListDialogs<T>; paging?: ServerPaging | undefined };
  /** What an empty list shows (say why, offer the next step). */
  empty?: ReactNode;
  /** A title for the load error (default: the common "Something went wrong"). */
  errorTitle?: ReactNode;
  /** Above the table once rows are loaded (a filter box). */
  toolbar?: ReactNode;
  /** Narrows the loaded rows; `noMatch` shows when nothing is left. */
  filter?: (rows: T[]) => T[];
  noMatch?: ReactNode;
  /** Header of the actions column (present when a row has an action). */
  actionsHeader?: string;
  /** Opens the editor on the row (resource.dialogs.edit). */
  edit?: RowActionSpec<T>;
  /** Asks, then deletes the row. */
  remove?: DeleteSpec<T>;
  /** Buttons or links before edit and delete (hidden with `writable` false, like them). */
  rowActions?: (row: T) => ReactNode;
  /** Row actions a reader may use too (copy, open elsewhere). */
  readActions?: (row: T) => ReactNode;
  /** The create (row undefined) or edit dialog; `close` closes it. */
  editor?: (row: T | undefined, close: () => void) => ReactNode;
  /** False for a reader: no edit, no delete, no editor (default true; the backend decides anyway). */
  writable?: boolean;
}

export function ResourceTable<T>({
  resource,
  empty,
  errorTitle,
  toolbar,
  filter,
  noMatch,
  actionsHeader,
  edit: editProp,
  remove: removeProp,
  rowActions: rowActionsProp,
  readActions,
  editor: editorProp,
  columns,
  writable = true,
  ...table
}: ResourceTableProps<T>) {
  const edit = writable ? editProp : undefined;
  const remove = writable ? removeProp : undefined;
  const editor = writable ? editorProp : undefined;
  const rowActions = writable ? rowActionsProp : undefined;
  const own = useListDialogs<T>();
  const dialogs = resource.dialogs ?? own;
  const withActions = edit || remove || rowActions || readActions ? [...columns, actionsColumn()] : columns;

  function actionsColumn(): Column<T> {
    return {
      key: 'actions',
      header: actionsHeader ?? '',
      align: 'end',
      render: (row) => (
        <div className="row-actions">
          {readActions?.(row)}
          {rowActions?.(row)}
          {edit && (
            <IconButton
              aria-label={edit.label(row)}
              icon={edit.icon ?? <Pencil size={16} />}
              disabled={edit.disabled?.(row)}
              onClick={() => dialogs.edit(row)}
            />
          )}
          {remove && (
            <IconButton
              aria-label={remove.label(row)}
              icon={remove.icon ?? <Trash2 size={16} />}
              disabled={remove.disabled?.(row)}
              onClick={() => dialogs.askDelete(row)}
            />
          )}
        </div>
      ),
    };
  }

  const paging = resource.paging;
  return (
    <>
      <ResourceView resource={resource} empty={empty} errorTitle={errorTitle}>
        {(rows) => {
          const visible = filter ? filter(rows) : rows;
          return (
            <>
              {toolbar}
              {visible.length === 0 ? (
                (noMatch ?? <EmptyState />)
              ) : (
                <Table
                  {...table}
                  columns={withActions}
                  rows={visible}
                  pageSize={paging ? Number.POSITIVE_INFINITY : table.pageSize}
                />
              )}
              {paging && paging.total > paging.limit && <Pager {...paging} />}
            </>
          );
        }}
      </ResourceView>
      <ListDialogsView dialogs={dialogs} editor={editor} remove={remove} />
    </>
  );
}

/** The editor and the delete confirmation of a list, open as its dialog state says (for lists that
 *  are not a table, e.g. a tree, and for ResourceTable). */
export function ListDialogsView<T>({
  dialogs,
  editor,
  remove,
}: {
  dialogs: ListDialogs<T>;
  editor?: ((row: T | undefined, close: () => void) => ReactNode) | undefined;
  remove?: Pick<DeleteSpec<T>, 'title' | 'body' | 'run'> | undefined;
}) {
  const { editing, deleting } = dialogs;
  return (
    <>
      {editor &&
        editing !== undefined &&
        editor(editing === 'new' ? undefined : editing, dialogs.closeEditor)}
      {remove && deleting !== undefined && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && dialogs.closeDelete()}
          title={remove.title(deleting)}
          body={remove.body(deleting)}
          onConfirm={() => remove.run(deleting)}
        />
      )}
    </>
  );
}
