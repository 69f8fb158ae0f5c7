// Engine timestamps. With `timestamps=1` the logs endpoint puts an RFC3339Nano timestamp and a space
// in front of every log *message* (engine 20.10: `2026-11-26T18:08:36.270306735Z `, always UTC, nine
// digits). A line longer than 16 KiB is stored as several messages ("partial" messages of exactly
// 16384 bytes, cut at byte offsets, possibly inside a UTF-8 character), and each piece gets the same
// timestamp again, in the middle of the line. So timestamps are removed here, at the byte level,
// before UTF-8 decoding and line splitting (see demux.ts) — never by a regex on decoded lines.
import type { ByteSegment, Frame } from './demux.js';

/** A parsed engine timestamp. */
export interface LogTime {
  /** Milliseconds since the epoch (what `new Date(time)` takes). */
  time: number;
  /**
   * Nanoseconds since the epoch as a decimal string: exact, for ordering lines within the same
   * millisecond. Compare with `compareTimeNs` (not with `<` on strings of different lengths).
   */
  timeNs: string;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
/** Longest timestamp we accept: `2026-11-26T18:08:36.270306735+01:00` is 35 characters. */
const MAX_TIMESTAMP_CHARS = 35;

/** Parses an RFC3339 / RFC3339Nano timestamp (as the engine writes them); undefined if it is not one. */
export function parseTimestamp(text: string): LogTime | undefined {
  if (text.length > MAX_TIMESTAMP_CHARS) return undefined;
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3] === 'Z' ? 'Z' : match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  const nanos = Number((match[2] ?? '').padEnd(9, '0'));
  return {
    time: seconds + Math.floor(nanos / 1e6),
    timeNs: (BigInt(seconds) * 1_000_000n + BigInt(nanos)).toString(),
  };
}

/** Splits `"<timestamp> <text>"` (a line of `docker logs -t`); undefined if it does not start with a timestamp. */
export function splitTimestamp(line: string): (LogTime & { text: string }) | undefined {
  const space = line.indexOf(' ');
  if (space <= 0 || space > MAX_TIMESTAMP_CHARS) return undefined;
  const parsed = parseTimestamp(line.slice(0, space));
  return parsed && { ...parsed, text: line.slice(space + 1) };
}

/** Orders two `timeNs` strings (non-negative decimal integers without leading zeros). */
export function compareTimeNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `timeNs` → the engine's `since`/`until` query format, `seconds.nanoseconds`. */
export function timeNsToEngineTime(timeNs: string): string {
  const padded = timeNs.padStart(10, '0');
  return `${padded.slice(0, -9)}.${padded.slice(-9)}`;
}

/** Size of the pieces the engine cuts long lines into (daemon/logger/copier.go, 16 KiB buffer). */
export const PARTIAL_MESSAGE_BYTES = 16 * 1024;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/**
 * Removes the engine's per-message timestamps from a log stream at the byte level and tags the
 * bytes with them.
 *
 * What the engine sends (measured on 20.10): a line longer than 16 KiB is cut into pieces of 16384
 * bytes, every piece sent as a message with the *same* timestamp. The json-file driver (the default)
 * stores each piece as a JSON string, so a UTF-8 character cut by the 16 KiB boundary comes back as
 * U+FFFD replacement characters and the piece grows past 16384 bytes; the `local` driver keeps bytes
 * intact but forgets the newline after the last piece of a long line.
 *
 * - Multiplexed stream: one frame is one message (the engine writes each message in one frame), so
 *   the timestamp is at the start of every frame. A frame whose payload does not end with a newline
 *   and is shorter than 16 KiB is a message that ended without one (the last output before the
 *   process exited, or the last piece of a long line with the `local` driver): the line ends there.
 * - Raw (TTY) stream: no frame boundaries. A message ends at a newline. Once a message has run
 *   16 KiB without a newline, the next `<timestamp> ` in the bytes starts the next piece: the same
 *   timestamp continues the line, another one starts a new line.
 *
 * Bytes that do not start with a valid timestamp are passed through untagged rather than lost.
 */
export class TimestampedMessages {
  private raw: boolean;
  /** Raw mode: 'start' = a timestamp is expected next; 'payload' = inside a message. */
  private state: 'start' | 'payload' = 'start';
  /** Raw mode, 'start': bytes that may be the beginning of a timestamp. */
  private head: Buffer[] = [];
  private headBytes = 0;
  private timestamp: string | undefined;
  private payloadBytes = 0;
  /** Raw mode: the message has run 16 KiB without a newline; scanning for the next piece's timestamp. */
  private long = false;
  /** Raw mode, long: trailing bytes held back because a timestamp may start in them. */
  private hold: Buffer | undefined;

  private readonly counts: { messages: number };

  /** `counts.messages` is incremented for every message (frame, or timestamp in a raw stream). */
  constructor(opts: { tty: boolean; counts?: { messages: number } }) {
    this.raw = opts.tty;
    this.counts = opts.counts ?? { messages: 0 };
  }

  /** `raw` forces raw-mode parsing from now on (the demuxer found the stream was not multiplexed). */
  push(frame: Frame, raw = false): ByteSegment[] {
    if (frame.stream === 'stdin') return [];
    if (raw) this.raw = true;
    return this.raw ? this.pushRaw(frame.data) : this.pushFrame(frame.stream, frame.data);
  }

  /** End of input: bytes held back while looking for a timestamp are passed through. */
  end(): ByteSegment[] {
    const out: ByteSegment[] = [];
    if (this.hold && this.hold.length > 0) out.push(this.segment(this.hold, this.timestamp));
    this.hold = undefined;
    if (this.headBytes > 0) out.push(this.segment(Buffer.concat(this.head), undefined));
    this.head = [];
    this.headBytes = 0;
    return out;
  }

  private pushFrame(stream: 'stdout' | 'stderr', data: Buffer): ByteSegment[] {
    const space = data.indexOf(SPACE);
    const parsed = space > 0 && space <= MAX_TIMESTAMP_CHARS ? data.toString('latin1', 0, space) : undefined;
    const segment: ByteSegment = { stream, data };
    this.counts.messages++;
    if (parsed !== undefined && parseTimestamp(parsed)) {
      segment.timestamp = parsed;
      segment.data = data.subarray(space + 1);
    }
    const last = segment.data[segment.data.length - 1];
    if (segment.data.length > 0 && last !== NEWLINE && segment.data.length < PARTIAL_MESSAGE_BYTES)
      segment.endOfLine = true;
    return segment.data.length > 0 || segment.endOfLine ? [segment] : [];
  }

  private pushRaw(input: Buffer): ByteSegment[] {
    const out: ByteSegment[] = [];
    let data = input;
    let pos = 0;
    while (pos < data.length) {
      if (this.state === 'payload' && this.long) {
        const rest = this.hold ? Buffer.concat([this.hold, data.subarray(pos)]) : data.subarray(pos);
        this.hold = undefined;
        data = rest;
        pos = 0;
        pos = this.scanLong(data, out);
        continue;
      }
      if (this.state === 'payload') {
        const limit = PARTIAL_MESSAGE_BYTES - this.payloadBytes;
        const window = Math.min(data.length - pos, limit);
        const newline = data.subarray(pos, pos + window).indexOf(NEWLINE);
        if (newline !== -1) {
          out.push(this.segment(data.subarray(pos, pos + newline + 1), this.timestamp));
          pos += newline + 1;
          this.state = 'start';
          this.payloadBytes = 0;
        } else {
          out.push(this.segment(data.subarray(pos, pos + window), this.timestamp));
          pos += window;
          this.payloadBytes += window;
          if (this.payloadBytes >= PARTIAL_MESSAGE_BYTES) this.long = true;
        }
        continue;
      }
      // 'start': collect bytes up to the first space and see if they are a timestamp.
      if (this.headBytes === 0 && !isDigit(data[pos])) {
        this.untimed();
        continue;
      }
      const space = data.indexOf(SPACE, pos);
      const stop = space === -1 ? data.length : space;
      if (this.headBytes + (stop - pos) > MAX_TIMESTAMP_CHARS) {
        data = this.giveBack(data, pos);
        pos = 0;
        this.untimed();
        continue;
      }
      if (space === -1) {
        this.head.push(data.subarray(pos));
        this.headBytes += data.length - pos;
        pos = data.length;
        continue;
      }
      const candidate = Buffer.concat([...this.head, data.subarray(pos, space)]).toString('latin1');
      if (parseTimestamp(candidate)) {
        this.head = [];
        this.headBytes = 0;
        this.timestamp = candidate;
        this.counts.messages++;
        this.state = 'payload';
        this.payloadBytes = 0;
        pos = space + 1;
      } else {
        data = this.giveBack(data, pos);
        pos = 0;
        this.untimed();
      }
    }
    return out;
  }

  /**
   * Long-message mode: finds the end of the current piece in `data` (a newline, or the next
   * `<timestamp> `), emits the bytes before it and returns where to continue. Without either, emits
   * all but the last bytes (a timestamp may begin there) and holds those back.
   */
  private scanLong(data: Buffer, out: ByteSegment[]): number {
    const text = data.toString('latin1'); // one char per byte: indexes are byte offsets
    const newline = text.indexOf('\n');
    EMBEDDED_TIMESTAMP.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = EMBEDDED_TIMESTAMP.exec(text)) !== null && (newline === -1 || match.index < newline)) {
      const stamp = match[1] as string;
      if (!parseTimestamp(stamp)) continue;
      const before = data.subarray(0, match.index);
      const newMessage = stamp !== this.timestamp;
      // Same timestamp: the next piece of the same line. Another one: a new message (the `local`
      // driver dropped the newline of the last piece), so the line ends here.
      if (before.length > 0 || newMessage) {
        const segment = this.segment(before, this.timestamp);
        if (newMessage) segment.endOfLine = true;
        out.push(segment);
      }
      this.timestamp = stamp;
      this.counts.messages++;
      if (newMessage) {
        this.long = false;
        this.payloadBytes = 0;
      }
      return match.index + match[0].length;
    }
    if (newline !== -1) {
      out.push(this.segment(data.subarray(0, newline + 1), this.timestamp));
      this.long = false;
      this.state = 'start';
      this.payloadBytes = 0;
      return newline + 1;
    }
    const keep = Math.min(data.length, MAX_TIMESTAMP_CHARS);
    if (data.length > keep) out.push(this.segment(data.subarray(0, data.length - keep), this.timestamp));
    this.hold = Buffer.from(data.subarray(data.length - keep));
    return data.length;
  }

  /** Held-back head bytes go in front of the rest of the input, to be read as payload. */
  private giveBack(data: Buffer, pos: number): Buffer {
    if (this.headBytes === 0) return data.subarray(pos);
    const joined = Buffer.concat([...this.head, data.subarray(pos)]);
    this.head = [];
    this.headBytes = 0;
    return joined;
  }

  /** The bytes at the current position are a message without timestamp. */
  private untimed(): void {
    this.timestamp = undefined;
    this.state = 'payload';
    this.payloadBytes = 0;
  }

  private segment(data: Buffer, timestamp: string | undefined): ByteSegment {
    const segment: ByteSegment = { stream: 'stdout', data };
    if (timestamp !== undefined) segment.timestamp = timestamp;
    return segment;
  }
}

/** A timestamp followed by a space, anywhere in a latin1 view of the bytes. */
const EMBEDDED_TIMESTAMP = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /g;
