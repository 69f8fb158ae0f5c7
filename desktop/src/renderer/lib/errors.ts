// What the console shows for a failed call: the API's message and hint (rebuilt from whatever the
// transport rejected with, contextBridge included), or the plain message of anything else.
import { apiErrorOf } from '../../api/errors.js';

export interface ShownError {
  message: string;
  hint?: string;
  code?: string;
}

export function toShownError(error: unknown): ShownError {
  const e = apiErrorOf(error);
  return { message: e.message, ...(e.hint ? { hint: e.hint } : {}), code: e.code };
}
