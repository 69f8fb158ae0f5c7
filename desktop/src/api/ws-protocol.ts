// The HTTP + WebSocket protocol of `status-desktop serve` (types only; browser-safe).
//
// Methods:  POST /api/<method>   body: the JSON array of arguments ([] or empty for none)
//           → ApiResult (HTTP 200 when ok; 400 INVALID_INPUT, 401 UNAUTHORIZED, 404 NOT_FOUND,
//             409 BUSY, 503 ENGINE_*, 500 INTERNAL, 422 any other error)
// Streams:  GET /api/events (WebSocket), JSON messages:
//           client → { type: 'subscribe', id, stream, args } | { type: 'unsubscribe', id }
//           server → { type: 'subscribed', id, result } | { type: 'event', id, payload }
// Auth:     `Authorization: Bearer <token>`, or the httpOnly cookie set by opening the console
//           with `?token=<token>` once (the server then redirects to the same URL without it).
import type { ApiResult, ApiStream } from './contract.js';

export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';

export type ClientMessage =
  { type: 'subscribe'; id: string; stream: ApiStream; args: unknown[] } | { type: 'unsubscribe'; id: string };

export type ServerMessage =
  | { type: 'subscribed'; id: string; result: ApiResult<null> }
  | { type: 'event'; id: string; payload: unknown };
