import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearResourceCache, invalidate, useResource } from './useResource';

afterEach(clearResourceCache);

describe('useResource', () => {
  it('loads, then exposes the data', async () => {
    const fetcher = vi.fn(async () => ['a']);
    const { result } = renderHook(() => useResource('things', fetcher));
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.data).toEqual(['a']));
    expect(result.current.loading).toBe(false);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('exposes the error and reloads on demand', async () => {
    let fail = true;
    const fetcher = vi.fn(async () => {
      if (fail) throw new Error('boom');
      return 42;
    });
    const { result } = renderHook(() => useResource('answer', fetcher));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(Error));
    expect(result.current.loading).toBe(false);
    fail = false;
    await act(() => result.current.reload());
    expect(result.current.data).toBe(42);
    expect(result.current.error).toBeUndefined();
  });

  it('reloads every mounted resource under an invalidated prefix, and only those', async () => {
    const list = vi.fn(async () => 'list');
    const one = vi.fn(async () => 'one');
    const other = vi.fn(async () => 'other');
    renderHook(() => useResource('catalogs', list));
    renderHook(() => useResource('catalogs:1', one));
    renderHook(() => useResource('catalogsX', other));
    await waitFor(() => expect(other).toHaveBeenCalledTimes(1));
    act(() => invalidate('catalogs'));
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(one).toHaveBeenCalledTimes(2);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('does not load with a null key, and ignores a stale answer after the key changed', async () => {
    const resolvers: Record<string, (v: string) => void> = {};
    const fetcher = (k: string) => () => new Promise<string>((r) => (resolvers[k] = r));
    const { result, rerender } = renderHook(
      ({ k }: { k: string | null }) => useResource(k, fetcher(k ?? '')),
      {
        initialProps: { k: null as string | null },
      },
    );
    expect(result.current.loading).toBe(false);
    expect(Object.keys(resolvers)).toEqual([]);
    rerender({ k: 'a' });
    rerender({ k: 'b' });
    await waitFor(() => expect(Object.keys(resolvers).sort()).toEqual(['a', 'b']));
    act(() => resolvers.b!('B'));
    act(() => resolvers.a!('A'));
    await waitFor(() => expect(result.current.data).toBe('B'));
  });
});
