// Newline-delimited JSON from a byte stream. The engine's event stream writes one JSON object per
// line, but a chunk may end in the middle of a line (or in the middle of a UTF-8 character), so we
// keep the tail until its newline arrives.
import { StringDecoder } from 'node:string_decoder';

/** Longest line we keep waiting for; a longer one is garbage and is dropped. */
const MAX_LINE = 4 * 1024 * 1024;

export class NdjsonDecoder<T = unknown> {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  /** Lines that were not valid JSON (counted, not thrown: one bad line must not stop the stream). */
  invalidLines = 0;

  /** Feed a chunk; returns every complete value it finished. */
  push(chunk: Buffer | string): T[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: T[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.parse(line, out);
    }
    if (this.buffer.length > MAX_LINE) {
      this.buffer = '';
      this.invalidLines++;
    }
    return out;
  }

  /** End of stream: a last line without a trailing newline still counts. */
  end(): T[] {
    this.buffer += this.decoder.end();
    const out: T[] = [];
    const line = this.buffer;
    this.buffer = '';
    this.parse(line, out);
    return out;
  }

  private parse(line: string, out: T[]): void {
    const text = line.trim();
    if (!text) return;
    try {
      out.push(JSON.parse(text) as T);
    } catch {
      this.invalidLines++;
    }
  }
}

/** Every value of an NDJSON stream (pull and build progress). Invalid lines are skipped. */
export async function* readNdjson<T = Record<string, unknown>>(
  stream: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
): AsyncGenerator<T> {
  const decoder = new NdjsonDecoder<T>();
  for await (const chunk of stream as AsyncIterable<Buffer | string>) yield* decoder.push(chunk);
  yield* decoder.end();
}
