// A small data-loading hook (no TanStack Query: bundle budget). Data is cached by key for the page
// load; invalidate(prefix) after a mutation makes every mounted user of a matching key reload.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True while the first load (or a reload without cached data) runs. */
  loading: boolean;
  /** True during any fetch, including a background reload with data shown. */
  fetching: boolean;
  reload: () => Promise<void>;
  /** Replace the cached data (optimistic updates, or the body a mutation returned). */
  setData: (data: T) => void;
}

const cache = new Map<string, unknown>();
const listeners = new Set<(key: string) => void>();

/** Keys matching `prefix`: the same key, or one that continues it after ':' or '/'. */
function matches(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(`${prefix}:`) || key.startsWith(`${prefix}/`);
}

/** Drops cached data under `prefix` ('catalogs' matches 'catalogs', 'catalogs:1', 'catalogs/drafts')
 *  and makes mounted resources with such keys reload. */
export function invalidate(prefix: string): void {
  const keys = new Set([...cache.keys()].filter((k) => matches(k, prefix)));
  keys.forEach((k) => cache.delete(k));
  listeners.forEach((l) => l(prefix));
}

/** Forgets every cached answer (sign-out; tests). */
export function clearResourceCache(): void {
  cache.clear();
}

/**
 * Loads `fetcher()` for `key` (null: don't load yet). The fetcher gets an AbortSignal that fires when
 * the key changes or the component unmounts.
 */
export function useResource<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const [state, setState] = useState<{
    key: string | null;
    data: T | undefined;
    error: unknown;
    fetching: boolean;
  }>(() => ({
    key,
    data: key ? (cache.get(key) as T | undefined) : undefined,
    error: undefined,
    fetching: key !== null,
  }));
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const run = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    if (key === null) return;
    run.current?.abort();
    const ctrl = new AbortController();
    run.current = ctrl;
    setState((s) => ({
      key,
      data: s.key === key ? s.data : (cache.get(key) as T | undefined),
      error: undefined,
      fetching: true,
    }));
    try {
      const data = await fetcherRef.current(ctrl.signal);
      if (ctrl.signal.aborted) return;
      cache.set(key, data);
      setState({ key, data, error: undefined, fetching: false });
    } catch (error) {
      if (ctrl.signal.aborted) return;
      setState((s) => ({ key, data: s.key === key ? s.data : undefined, error, fetching: false }));
    }
  }, [key]);

  useEffect(() => {
    void load();
    return () => run.current?.abort();
  }, [load]);

  useEffect(() => {
    if (key === null) return;
    const onInvalidate = (prefix: string) => {
      if (matches(key, prefix)) void load();
    };
    listeners.add(onInvalidate);
    return () => {
      listeners.delete(onInvalidate);
    };
  }, [key, load]);

  const setData = useCallback(
    (data: T) => {
      if (key !== null) cache.set(key, data);
      setState({ key, data, error: undefined, fetching: false });
    },
    [key],
  );

  const current = state.key === key;
  const data = current ? state.data : key ? (cache.get(key) as T | undefined) : undefined;
  const fetching = current ? state.fetching : key !== null;
  return {
    data,
    error: current ? state.error : undefined,
    loading: fetching && data === undefined,
    fetching,
    reload: load,
    setData,
  };
}
