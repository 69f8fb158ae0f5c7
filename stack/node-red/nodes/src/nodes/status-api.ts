// status-api: reads the STATUS backend itself — the computations of a control, points (filtered by
// agreement, guarantee and the run's period) or any GET path (e.g. /health/platform). Base URL:
// the node's setting, else env STATUS_BACKEND_URL, else http://status-backend:3001/api/v1. Auth: the
// x-access-token the backend put on the run request (msg.req.headers), else the credentials' token.
import { defineNode } from '../lib/define';
import { excerpt, httpCall } from '../lib/http';
import { oneOf, positive, setProp, text } from '../lib/props';
import type { NodeDef, NodeMessage } from '../types';

export interface StatusApiConfig extends NodeDef {
  resource?: string;
  baseUrl?: string;
  /** For `computations`: the control id (typed; default msg.payload.controlId). */
  controlId?: string;
  controlIdType?: string;
  agreementId?: string;
  agreementIdType?: string;
  guaranteeId?: string;
  guaranteeIdType?: string;
  /** For `points`: only the run's period (msg.payload.from/to). */
  usePeriod?: boolean;
  /** For `path`: a GET path under the base URL, e.g. /health/platform. */
  path?: string;
  output?: string;
  timeoutMs?: string;
}

export const DEFAULT_BACKEND_URL = 'http://status-backend:3001/api/v1';

export default defineNode<StatusApiConfig>({
  type: 'status-api',
  busyText: 'requesting…',
  credentials: { token: { type: 'password' } },
  setup({ RED, node, config, typed }) {
    const resource = oneOf(config, 'resource', ['computations', 'points', 'path'] as const, 'computations');
    const output = text(config, 'output', 'payload');
    const timeoutMs = positive(config, 'timeoutMs', 30_000);
    const path = text(config, 'path');
    if (resource === 'path' && !path.startsWith('/'))
      throw new Error('path must start with /, e.g. /health/platform');
    const value = (v: unknown, t: unknown, msg: NodeMessage) => {
      const r = typed(v, t, msg);
      return r === undefined || r === null ? '' : String(r).trim();
    };
    return async (msg) => {
      const base = (text(config, 'baseUrl') || process.env.STATUS_BACKEND_URL || DEFAULT_BACKEND_URL).replace(
        /\/+$/,
        '',
      );
      const q = new URLSearchParams();
      let route: string;
      if (resource === 'computations') {
        const controlId = config.controlId
          ? value(config.controlId, config.controlIdType, msg)
          : value('payload.controlId', 'msg', msg);
        if (!/^\d+$/.test(controlId))
          throw new Error(
            `No control id: msg.payload.controlId or the node's control id must be a number (got "${controlId}")`,
          );
        q.set('controlId', controlId);
        route = '/computations';
      } else if (resource === 'points') {
        const agreementId = value(config.agreementId, config.agreementIdType, msg);
        const guaranteeId = value(config.guaranteeId, config.guaranteeIdType, msg);
        if (agreementId) q.set('agreementId', agreementId);
        if (guaranteeId) q.set('guaranteeId', guaranteeId);
        if (config.usePeriod) {
          const p = (msg.payload ?? {}) as { from?: unknown; to?: unknown };
          if (typeof p.from !== 'string' || typeof p.to !== 'string')
            throw new Error(
              'msg.payload.from/to are missing: the period filter needs the run request of the backend',
            );
          q.set('from', p.from);
          q.set('to', p.to);
        }
        route = '/points';
      } else route = path;
      const query = q.toString();
      const url = `${base}${route}${query ? `?${query}` : ''}`;
      const answer = await httpCall({
        method: 'GET',
        url,
        headers: authHeaders(msg, node.credentials?.token),
        timeoutMs,
      });
      msg.statusCode = answer.statusCode;
      msg.durationMs = answer.durationMs;
      if (answer.statusCode < 200 || answer.statusCode > 299) {
        const hint =
          answer.statusCode === 401 ? ' (no valid token: run through the backend or set a token)' : '';
        throw new Error(
          `The STATUS API answered HTTP ${answer.statusCode} for GET ${url}${hint}: ${excerpt(answer.body)}`,
        );
      }
      setProp(RED, msg, output, answer.body);
      return msg;
    };
  },
});

function authHeaders(msg: NodeMessage, token: string | undefined): Record<string, string> {
  const forwarded = msg.req?.headers?.['x-access-token'];
  const value = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  if (value) return { 'x-access-token': value };
  return token ? { authorization: `Bearer ${token}` } : {};
}
