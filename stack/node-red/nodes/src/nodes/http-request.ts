// status-http-request: one HTTP/JSON call. Records msg.statusCode, msg.headers and msg.durationMs,
// puts the (JSON-parsed) body in the output property; a non-2xx answer or no answer is a node error
// unless "pass errors on" is set (then msg.error says what happened, statusCode 0 = no answer).
import { defineNode } from '../lib/define';
import { basicAuth, excerpt, httpCall, NetworkError } from '../lib/http';
import { getProp, oneOf, positive, setProp, text } from '../lib/props';
import type { NodeDef } from '../types';

export interface HttpRequestConfig extends NodeDef {
  method?: string;
  url?: string;
  urlType?: string;
  /** JSON object of extra headers. */
  headers?: string;
  /** `none`, `basic` (credentials user/password) or `bearer` (credentials token). */
  authType?: string;
  /** msg property sent as the body (POST/PUT/PATCH); empty → none. */
  bodyProperty?: string;
  output?: string;
  timeoutMs?: string;
  onError?: string;
}

export default defineNode<HttpRequestConfig>({
  type: 'status-http-request',
  busyText: 'requesting…',
  credentials: { user: { type: 'text' }, password: { type: 'password' }, token: { type: 'password' } },
  setup({ RED, node, config, typed }) {
    const method = oneOf(config, 'method', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const, 'GET');
    const authType = oneOf(config, 'authType', ['none', 'basic', 'bearer'] as const, 'none');
    const output = text(config, 'output', 'payload');
    const bodyProperty = text(config, 'bodyProperty');
    const timeoutMs = positive(config, 'timeoutMs', 30_000);
    const passErrors = oneOf(config, 'onError', ['error', 'pass'] as const, 'error') === 'pass';
    let headers: Record<string, string> = {};
    if (text(config, 'headers')) {
      try {
        headers = JSON.parse(text(config, 'headers')) as Record<string, string>;
      } catch {
        throw new Error('headers is not a JSON object like {"accept": "application/json"}');
      }
    }
    const creds = node.credentials ?? {};
    if (authType === 'basic') headers.authorization = basicAuth(creds.user ?? '', creds.password ?? '');
    if (authType === 'bearer') {
      if (!creds.token) throw new Error('bearer authentication needs a token in the node credentials');
      headers.authorization = `Bearer ${creds.token}`;
    }
    return async (msg) => {
      const url = String(typed(config.url, config.urlType, msg) ?? '').trim() || String(msg.url ?? '').trim();
      if (!/^https?:\/\//i.test(url))
        throw new Error(
          url ? `The URL "${url}" is not an http(s) URL` : 'No URL: set one in the node or in msg.url',
        );
      const body = bodyProperty ? getProp(RED, msg, bodyProperty) : undefined;
      try {
        const answer = await httpCall({ method, url, headers, body, timeoutMs });
        msg.statusCode = answer.statusCode;
        msg.headers = answer.headers;
        msg.durationMs = answer.durationMs;
        setProp(RED, msg, output, answer.body);
        if (answer.statusCode < 200 || answer.statusCode > 299) {
          const message = `${method} ${url} answered HTTP ${answer.statusCode}: ${excerpt(answer.body)}`;
          if (!passErrors) throw new Error(message);
          msg.error = message;
        } else delete msg.error;
      } catch (err) {
        if (!(err instanceof NetworkError) || !passErrors) throw err;
        msg.statusCode = 0;
        msg.durationMs = undefined;
        msg.error = err.message;
        setProp(RED, msg, output, null);
      }
      return msg;
    };
  },
});
