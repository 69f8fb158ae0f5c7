// Docker answers pulls, builds and events as newline-delimited JSON; objects can be split across
// chunks, so buffer until a newline.
import type { Readable } from 'node:stream';

export async function* readNdjson<T = Record<string, unknown>>(stream: Readable | NodeJS.ReadableStream): AsyncGenerator<T> {
  let buffer = '';
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) yield JSON.parse(buffer) as T;
}
