// Calls of the scripts page. Scripts live in Redis; `POST /scripts/parse` checks code sent as text/plain.
import type { Script, ScriptCreateBody, ScriptUpdateBody } from '@backend/contract';
import { api, apiUrl, errorFromBody, refreshSession } from '../../api';

export const SCRIPTS_KEY = 'scripts';

/** The shared client only sends JSON; the parse route reads text/plain, so it gets its own fetch
 *  (same cookies, same one-refresh-then-replay rule on an expired token). */
async function parseCode(code: string): Promise<string> {
  const send = () =>
    fetch(apiUrl('/scripts/parse'), {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'text/plain', Accept: 'application/json' },
      body: code,
    });
  let res = await send();
  let body: unknown = await res.json().catch(() => undefined);
  if (
    res.status === 401 &&
    (body as { expired?: unknown } | undefined)?.expired === true &&
    (await refreshSession())
  ) {
    res = await send();
    body = await res.json().catch(() => undefined);
  }
  if (!res.ok) throw errorFromBody(res.status, res.statusText, body);
  return body as string;
}

export const scriptsApi = {
  list: (signal?: AbortSignal) => api.get<Script[]>('/scripts', { signal }),
  create: (body: ScriptCreateBody) => api.post<{ message: string; id: string }>('/scripts', body),
  update: (id: string, body: ScriptUpdateBody) => api.put<{ message: string }>(`/scripts/${id}`, body),
  remove: (id: string) => api.delete<{ message: string }>(`/scripts/${id}`),
  /** Resolves when the code defines module.exports.main; a 400 names the problem otherwise. */
  parse: parseCode,
};
