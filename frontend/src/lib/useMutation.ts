// Runs a mutation with pending/error state; on success invalidates the given resource keys.
import { useCallback, useState } from 'react';
import { invalidate } from './useResource';

export interface Mutation<A extends unknown[], R> {
  run: (...args: A) => Promise<R>;
  pending: boolean;
  error: unknown;
  reset: () => void;
}

export function useMutation<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  opts: { invalidates?: string[] } = {},
): Mutation<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const keys = (opts.invalidates ?? []).join('\n');
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(undefined);
      try {
        const r = await fn(...args);
        keys.split('\n').filter(Boolean).forEach(invalidate);
        return r;
      } catch (e) {
        setError(e);
        throw e;
      } finally {
        setPending(false);
      }
    },
    [fn, keys],
  );
  return { run, pending, error, reset: () => setError(undefined) };
}
