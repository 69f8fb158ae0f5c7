// Writing answers: JSON with an exact Content-Length, compressed (br or gzip, as the client
// accepts) once it is over 1 kB. Compression runs on zlib's thread pool, not the event loop.
import type { Request, Response } from 'express';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Smaller answers go out as they are: compressing them costs more than it saves. */
export const COMPRESS_MIN_BYTES = 1024;
export const JSON_TYPE = 'application/json; charset=utf-8';

export type Encoding = 'br' | 'gzip';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
// Brotli quality 4 compresses JSON better than gzip -6 at a similar cost (11, the default, is far
// slower); gzip level 6 is zlib's default balance.
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/** The encoding to answer with, from Accept-Encoding (br preferred; `q=0` refuses one). */
export function acceptedEncoding(req: Pick<Request, 'headers'>): Encoding | undefined {
  const header = req.headers['accept-encoding'];
  if (!header) return undefined;
  const accepted = new Set<string>();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (name) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return undefined;
}

export function compressStream(encoding: Encoding): zlib.BrotliCompress | zlib.Gzip {
  return encoding === 'br' ? zlib.createBrotliCompress(BROTLI_OPTIONS) : zlib.createGzip();
}

/** Sends a text body with its type, compressed when it is large and the client accepts it. */
export async function sendText(
  req: Request,
  res: Response,
  status: number,
  text: string,
  type: string,
): Promise<void> {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  if (text.length >= COMPRESS_MIN_BYTES) {
    res.setHeader('Vary', 'Accept-Encoding');
    const encoding = acceptedEncoding(req);
    if (encoding) {
      const body = encoding === 'br' ? await brotli(text, BROTLI_OPTIONS) : await gzip(text);
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.length);
      res.end(body);
      return;
    }
  }
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** JSON text made elsewhere (by PostgreSQL, or cached), sent as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function sendJson(req: Request, res: Response, status: number, value: unknown): Promise<void> {
  if (status === 204 || value === undefined) {
    res.status(status).end();
    return Promise.resolve();
  }
  const text = value instanceof RawJson ? value.text : JSON.stringify(value);
  return sendText(req, res, status, text, JSON_TYPE);
}
