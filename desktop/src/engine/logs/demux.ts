// Decoding Docker's log and attach streams into lines of text.
//
// Without a TTY the engine multiplexes stdout and stderr on one connection: every frame is an 8-byte
// header (byte 0: stream 0 stdin / 1 stdout / 2 stderr, bytes 1-3: zero, bytes 4-7: payload length,
// uint32 big-endian) and the payload. With a TTY the stream is raw bytes (stdout and stderr are one pty).
// Network chunks cut frames anywhere, including inside a header, and frames cut UTF-8 characters
// anywhere (the engine splits long lines into 16 KiB pieces by bytes), so the layers are:
//
//   bytes ─ FrameDemuxer ─> frames {stream, bytes}
//         ─ TimestampedMessages (only with timestamps; parse.ts) ─> {stream, bytes, timestamp}
//         ─ Utf8Decoders (one streaming TextDecoder per stream) ─> text
//         ─ LineSplitter (per stream, keeps partial lines, \n and \r\n) ─> lines
//
// `decodeLogStream` runs the whole pipeline over a Node stream or any async iterable of chunks.
import { TimestampedMessages } from './parse.js';

export type StreamName = 'stdin' | 'stdout' | 'stderr';
export type OutputStream = 'stdout' | 'stderr';

/** One frame of a multiplexed stream (or one chunk of a raw TTY stream, reported as stdout). */
export interface Frame {
  stream: StreamName;
  data: Buffer;
}

/** Bytes of one stream, optionally tagged with the engine timestamp of the log message they belong to. */
export interface ByteSegment {
  stream: OutputStream;
  data: Buffer;
  /** The RFC3339Nano timestamp the engine put in front of the message (with `timestamps: true`). */
  timestamp?: string;
  /** The message ended here although it has no trailing newline: end the line here too. */
  endOfLine?: boolean;
}

/** A decoded piece of text of one stream (same tags as `ByteSegment`). */
export interface TextSegment {
  stream: OutputStream;
  text: string;
  timestamp?: string;
  endOfLine?: boolean;
}

/** A complete line of output, without its line ending. */
export interface RawLogLine {
  stream: OutputStream;
  text: string;
  /** The engine's RFC3339Nano timestamp (only when decoded with `timestamps: true`). */
  timestamp?: string;
}

export const FRAME_HEADER_BYTES = 8;
const STREAM_NAMES: readonly StreamName[] = ['stdin', 'stdout', 'stderr'];

/**
 * Splits a multiplexed stream into frames; in TTY mode passes chunks through as stdout. Push chunks
 * as they arrive; call `end()` once at the end. A frame is returned only when it is complete.
 *
 * If a header is not a valid stdcopy header (stream type > 2 or non-zero padding), the stream was
 * not multiplexed after all (a TTY container we were told is not one): the demuxer switches to raw
 * mode for the rest of the stream instead of producing garbage, like docker-modem does.
 */
export class FrameDemuxer {
  private raw: boolean;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The header of the frame whose payload we are waiting for. */
  private header: { stream: StreamName; length: number } | undefined;

  constructor(opts: { tty: boolean }) {
    this.raw = opts.tty;
  }

  /** True once the demuxer is (or fell back to) passing raw bytes through. */
  get isRaw(): boolean {
    return this.raw;
  }

  push(chunk: Uint8Array): Frame[] {
    const data = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (data.length === 0) return [];
    if (this.raw) return [{ stream: 'stdout', data }];
    this.chunks.push(data);
    this.buffered += data.length;
    const frames: Frame[] = [];
    for (;;) {
      if (!this.header) {
        if (this.buffered < FRAME_HEADER_BYTES) break;
        const head = this.peek(FRAME_HEADER_BYTES);
        const type = head[0] as number;
        if (type > 2 || head[1] !== 0 || head[2] !== 0 || head[3] !== 0) {
          // Not multiplexed: everything buffered (header included) is output.
          this.raw = true;
          const rest = this.take(this.buffered);
          if (rest.length > 0) frames.push({ stream: 'stdout', data: rest });
          break;
        }
        this.take(FRAME_HEADER_BYTES);
        this.header = { stream: STREAM_NAMES[type] as StreamName, length: head.readUInt32BE(4) };
      }
      if (this.buffered < this.header.length) break;
      const payload = this.take(this.header.length);
      const stream = this.header.stream;
      this.header = undefined;
      if (payload.length > 0) frames.push({ stream, data: payload });
    }
    return frames;
  }

  /** End of input: a truncated last frame is returned with what arrived of it (a cut header is dropped). */
  end(): Frame[] {
    const frames: Frame[] = [];
    if (this.header && this.buffered > 0)
      frames.push({ stream: this.header.stream, data: this.take(this.buffered) });
    this.header = undefined;
    this.chunks = [];
    this.buffered = 0;
    return frames;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) return first.subarray(0, n);
    return Buffer.concat(this.chunks, Math.max(n, 0)).subarray(0, n);
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      // Gather exactly n bytes from the chunk list (one copy).
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const chunk = this.chunks[0] as Buffer;
        const want = n - filled;
        if (chunk.length <= want) {
          chunk.copy(out, filled);
          filled += chunk.length;
          this.chunks.shift();
        } else {
          chunk.copy(out, filled, 0, want);
          filled += want;
          this.chunks[0] = chunk.subarray(want);
        }
      }
    }
    this.buffered -= n;
    return out;
  }
}

/**
 * One streaming UTF-8 decoder per stream, so a character whose bytes are split across frames or
 * chunks (or interleaved with the other stream's frames) comes out whole.
 */
export class Utf8Decoders {
  private readonly decoders = new Map<OutputStream, TextDecoder>();

  /** Decodes `data`; with `final`, also flushes that stream's pending bytes (as U+FFFD if incomplete). */
  decode(stream: OutputStream, data: Uint8Array, final = false): string {
    let decoder = this.decoders.get(stream);
    if (!decoder) {
      decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      this.decoders.set(stream, decoder);
    }
    return decoder.decode(data, { stream: !final });
  }

  /** End of input: whatever each stream still holds (an incomplete character becomes U+FFFD). */
  end(): TextSegment[] {
    const out: TextSegment[] = [];
    for (const [stream, decoder] of this.decoders) {
      const text = decoder.decode();
      if (text) out.push({ stream, text });
    }
    this.decoders.clear();
    return out;
  }
}

/** Lines longer than this are cut (a program writing megabytes without a newline must not eat memory). */
export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

/**
 * Turns text pieces into complete lines, per stream. A partial line is kept until its end arrives
 * (or `end()`); `\n` and `\r\n` both end a line. A line carries the timestamp of the piece it
 * started in.
 */
export class LineSplitter {
  private readonly pending = new Map<OutputStream, { parts: string[]; length: number; timestamp?: string }>();

  constructor(private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS) {}

  push(segment: TextSegment): RawLogLine[] {
    const lines: RawLogLine[] = [];
    let state = this.pending.get(segment.stream);
    if (!state) {
      state = { parts: [], length: 0 };
      this.pending.set(segment.stream, state);
    }
    const { text } = segment;
    let start = 0;
    for (;;) {
      if (state.length === 0) state.timestamp = segment.timestamp;
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      // Cut over-long lines (rare; keeps memory bounded).
      if (state.length + (end - start) > this.maxLineChars) {
        const room = this.maxLineChars - state.length;
        state.parts.push(text.slice(start, start + room));
        lines.push(this.finish(segment.stream, state, false));
        start += room;
        continue;
      }
      if (newline === -1) {
        if (end > start) {
          state.parts.push(text.slice(start));
          state.length += end - start;
        }
        break;
      }
      state.parts.push(text.slice(start, newline));
      state.length += newline - start;
      lines.push(this.finish(segment.stream, state, true));
      start = newline + 1;
    }
    if (segment.endOfLine && state.length > 0) lines.push(this.finish(segment.stream, state, true));
    return lines;
  }

  /** End of input: the partial lines still pending (stdout first). */
  end(): RawLogLine[] {
    const lines: RawLogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.pending.get(stream);
      if (state && state.length > 0) lines.push(this.finish(stream, state, true));
    }
    this.pending.clear();
    return lines;
  }

  private finish(
    stream: OutputStream,
    state: { parts: string[]; length: number; timestamp?: string },
    stripCr: boolean,
  ): RawLogLine {
    let text = state.parts.length === 1 ? (state.parts[0] as string) : state.parts.join('');
    if (stripCr && text.endsWith('\r')) text = text.slice(0, -1);
    state.parts = [];
    state.length = 0;
    const line: RawLogLine = { stream, text };
    if (state.timestamp !== undefined) line.timestamp = state.timestamp;
    return line;
  }
}

export interface DecodeOptions {
  /** The container has a TTY: the stream is raw bytes, all reported as stdout. */
  tty: boolean;
  /**
   * The stream comes from the logs endpoint called with `timestamps=1`: strip the timestamp the
   * engine puts in front of every message (and of every 16 KiB piece of a long line) at the byte
   * level, and report it on the line.
   */
  timestamps?: boolean;
  maxLineChars?: number;
  /** Filled while decoding (with `timestamps`): log messages seen (a >16 KiB line is several). */
  counts?: { messages: number };
}

/**
 * Decodes a Docker log/attach stream into complete lines (stdin frames are ignored). The iterator
 * ends when the stream ends; breaking out of the loop destroys a Node stream (for-await semantics).
 */
export async function* decodeLogStream(
  source: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>,
  opts: DecodeOptions,
): AsyncGenerator<RawLogLine, void, undefined> {
  const demuxer = new FrameDemuxer({ tty: opts.tty });
  const messages = opts.timestamps
    ? new TimestampedMessages({ tty: opts.tty, ...(opts.counts ? { counts: opts.counts } : {}) })
    : undefined;
  const decoders = new Utf8Decoders();
  const splitter = new LineSplitter(opts.maxLineChars);

  const linesOf = (segments: ByteSegment[]): RawLogLine[] => {
    const lines: RawLogLine[] = [];
    for (const segment of segments) {
      const text = decoders.decode(segment.stream, segment.data, segment.endOfLine === true);
      const piece: TextSegment = { stream: segment.stream, text };
      if (segment.timestamp !== undefined) piece.timestamp = segment.timestamp;
      if (segment.endOfLine) piece.endOfLine = true;
      lines.push(...splitter.push(piece));
    }
    return lines;
  };
  const segmentsOf = (frames: Frame[]): ByteSegment[] => {
    const segments: ByteSegment[] = [];
    for (const frame of frames) {
      if (frame.stream === 'stdin') continue;
      // A demuxer that fell back to raw mode means there are no frame boundaries to rely on.
      if (messages) segments.push(...messages.push(frame, demuxer.isRaw));
      else segments.push({ stream: frame.stream, data: frame.data });
    }
    return segments;
  };

  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    yield* linesOf(segmentsOf(demuxer.push(bytes)));
  }
  const tail = segmentsOf(demuxer.end());
  if (messages) tail.push(...messages.end());
  yield* linesOf(tail);
  for (const piece of decoders.end()) yield* splitter.push(piece);
  yield* splitter.end();
}
