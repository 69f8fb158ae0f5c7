// The assistant's errors a user can meet, in words that say what to do. Without an OpenAI key the
// backend answers "The AI assistant is not configured (AI_API_KEY)" (404; a 503 means the same).
import { isApiError } from '../../api';

export function isNotConfigured(err: unknown): boolean {
  return isApiError(err) && (err.status === 503 || /not configured/i.test(err.message));
}

/** The error to show: a not-configured error becomes `notConfigured` (already translated). */
export function friendlyError(err: unknown, notConfigured: string): unknown {
  return isNotConfigured(err) ? new Error(notConfigured) : err;
}
