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
 * - Multiplexed stream: one frame is one message (the engine writes each message in one frame), so
 *   the timestamp is at the start of every frame. A frame whose payload does not end with a newline
 *   and is shorter than 16 KiB is a message that really ended without one (the last output before
 *   the process exited): the line ends there.
 * - Raw (TTY) stream: no frame boundaries. A message ends at a newline, or after exactly 16 KiB of
 *   payload without one, when the next bytes are a timestamp and a space. (Output that ends without
 *   a newline and is followed by more output — a restart — stays joined into one line.)
 *
 * Bytes that do not start with a valid timestamp are passed through untagged rather than lost.
 */
export class TimestampedMessages {
  private raw: boolean;
  /** Raw mode: where we are in the current message. */
  private state: 'start' | 'payload' | 'after-partial' = 'start';
  private head: Buffer[] = [];
  private headBytes = 0;
  private timestamp: string | undefined;
  private payloadBytes = 0;

  constructor(opts: { tty: boolean }) {
    this.raw = opts.tty;
  }

  /** `raw` forces raw-mode parsing from now on (the demuxer found the stream was not multiplexed). */
  push(frame: Frame, raw = false): ByteSegment[] {
    if (frame.stream === 'stdin') return [];
    if (raw) this.raw = true;
    return this.raw ? this.pushRaw(frame.data) : this.pushFrame(frame.stream, frame.data);
  }

  /** End of input: bytes held back while looking for a timestamp are passed through. */
  end(): ByteSegment[] {
    if (this.headBytes === 0) return [];
    const data = Buffer.concat(this.head);
    this.head = [];
    this.headBytes = 0;
    return [this.segment(data, this.state === 'after-partial' ? this.timestamp : undefined)];
  }

  private pushFrame(stream: 'stdout' | 'stderr', data: Buffer): ByteSegment[] {
    const space = data.indexOf(SPACE);
    const parsed = space > 0 && space <= MAX_TIMESTAMP_CHARS ? data.toString('latin1', 0, space) : undefined;
    const segment: ByteSegment = { stream, data };
    if (parsed !== undefined && parseTimestamp(parsed)) {
      segment.timestamp = parsed;
      segment.data = data.subarray(space + 1);
    }
    const last = segment.data[segment.data.length - 1];
    if (segment.data.length > 0 && last !== NEWLINE && segment.data.length < PARTIAL_MESSAGE_BYTES) segment.endOfLine = true;
    return segment.data.length > 0 || segment.endOfLine ? [segment] : [];
  }

  private pushRaw(input: Buffer): ByteSegment[] {
    const out: ByteSegment[] = [];
    let data = input;
    let pos = 0;
    while (pos < data.length) {
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
          if (this.payloadBytes >= PARTIAL_MESSAGE_BYTES) {
            this.state = 'after-partial';
            this.payloadBytes = 0;
          }
        }
        continue;
      }
      // 'start' or 'after-partial': collect bytes up to the first space and see if they are a timestamp.
      if (this.headBytes === 0 && !isDigit(data[pos])) {
        this.notATimestamp();
        continue;
      }
      const space = data.indexOf(SPACE, pos);
      const stop = space === -1 ? data.length : space;
      if (this.headBytes + (stop - pos) > MAX_TIMESTAMP_CHARS) {
        // Too long to be a timestamp: give the held bytes back as payload.
        data = this.giveBack(data, pos);
        pos = 0;
        this.notATimestamp();
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
        this.state = 'payload';
        this.payloadBytes = 0;
        pos = space + 1;
      } else {
        data = this.giveBack(data, pos);
        pos = 0;
        this.notATimestamp();
      }
    }
    return out;
  }

  /** Held-back head bytes go in front of the rest of the input, to be read as payload. */
  private giveBack(data: Buffer, pos: number): Buffer {
    if (this.headBytes === 0) return data.subarray(pos);
    const joined = Buffer.concat([...this.head, data.subarray(pos)]);
    this.head = [];
    this.headBytes = 0;
    return joined;
  }

  /** The bytes at the current position are payload: of the same message after a 16 KiB piece, else untimed. */
  private notATimestamp(): void {
    if (this.state === 'start') this.timestamp = undefined;
    this.state = 'payload';
    this.payloadBytes = 0;
  }

  private segment(data: Buffer, timestamp: string | undefined): ByteSegment {
    const segment: ByteSegment = { stream: 'stdout', data };
    if (timestamp !== undefined) segment.timestamp = timestamp;
    return segment;
  }
}
