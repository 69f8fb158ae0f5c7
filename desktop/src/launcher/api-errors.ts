// Failures leave the launcher as ApiExceptions, as they would through a transport: the Electron
// main process, the server and tests all read them the same way (apiErrorOf).
import { API_METHODS, API_STREAMS, type LauncherApi, type Unsubscribe } from '../api/contract.js';
import { ApiException } from '../api/errors.js';
import { toApiError } from '../api/to-api-error.js';

/**
 * The contract of `impl`, every method rejecting and every stream throwing with an ApiException,
 * plus `extras` (what the launcher offers its hosts besides the contract) as they are.
 */
export function withApiErrors<E extends object>(impl: LauncherApi, extras: E): LauncherApi & E {
  const wrapped: Record<string, unknown> = { ...(extras as Record<string, unknown>) };
  for (const method of API_METHODS) {
    const fn = impl[method] as (...args: unknown[]) => Promise<unknown>;
    // new Promise(): a check that throws before the method's first await still becomes a rejection.
    wrapped[method] = (...args: unknown[]) =>
      new Promise((resolve) => resolve(fn.apply(impl, args))).catch((error: unknown) =>
        Promise.reject(new ApiException(toApiError(error))),
      );
  }
  for (const stream of API_STREAMS) {
    const fn = impl[stream] as (...args: unknown[]) => Unsubscribe;
    wrapped[stream] = (...args: unknown[]) => {
      try {
        return fn.apply(impl, args);
      } catch (error) {
        throw new ApiException(toApiError(error));
      }
    };
  }
  return wrapped as unknown as LauncherApi & E;
}
