// The state every resource page has: its list, which row the create/edit dialog is open for, and
// which row waits for a delete confirmation. components/ResourceTable renders from it.
import { useState } from 'react';
import type { Page } from '../api';
import { useResource, type Resource } from './useResource';

export interface ListDialogs<T> {
  /** The row in the editor, 'new' while creating, undefined when the editor is closed. */
  editing: T | 'new' | undefined;
  /** The row the delete confirmation asks about. */
  deleting: T | undefined;
  create: () => void;
  edit: (row: T) => void;
  closeEditor: () => void;
  askDelete: (row: T) => void;
  closeDelete: () => void;
}

/** The editor and confirmation state alone, for a list whose data a parent loads. */
export function useListDialogs<T>(): ListDialogs<T> {
  const [editing, setEditing] = useState<T | 'new'>();
  const [deleting, setDeleting] = useState<T>();
  return {
    editing,
    deleting,
    create: () => setEditing('new'),
    edit: setEditing,
    closeEditor: () => setEditing(undefined),
    askDelete: setDeleting,
    closeDelete: () => setDeleting(undefined),
  };
}

export interface ResourceList<T> extends Resource<T[]> {
  dialogs: ListDialogs<T>;
  /** Set for a list the server pages: where the page is and how to move (for <Pager>). */
  paging?: ServerPaging;
}

/** A whole list, loaded once (the backend answers every row without `?limit`); the table pages it. */
export function useResourceList<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T[]>,
): ResourceList<T> {
  return { ...useResource(key, fetcher), dialogs: useListDialogs<T>() };
}

export interface ServerPaging {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}

/**
 * One page of a list the server pages (`?limit=&offset=`, the total in X-Total-Count): each page is
 * its own cached key (`${key}:${offset}`), so invalidate(key) reloads whichever page is shown.
 */
export function usePagedResourceList<T>(
  key: string | null,
  fetchPage: (range: { limit: number; offset: number }, signal: AbortSignal) => Promise<Page<T>>,
  limit: number,
): ResourceList<T> {
  const [offset, setOffset] = useState(0);
  const page = useResource(key === null ? null : `${key}:${offset}`, (signal) =>
    fetchPage({ limit, offset }, signal),
  );
  const dialogs = useListDialogs<T>();
  const total = page.data?.total ?? (page.data ? offset + page.data.items.length : 0);
  // Deleting the last row of the last page leaves a page with nothing on it: step back one (state
  // adjusted while rendering, as React advises for state derived from data).
  if (page.data !== undefined && page.data.items.length === 0 && offset > 0)
    setOffset(Math.max(0, offset - limit));
  return {
    ...page,
    data: page.data?.items,
    setData: (items) => page.setData({ ...page.data, items, total }),
    dialogs,
    paging: { offset, limit, total, onOffset: setOffset },
  };
}
