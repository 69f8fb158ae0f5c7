import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeLogStream, FrameDemuxer, LineSplitter, type RawLogLine } from './demux.js';
import { PARTIAL_MESSAGE_BYTES } from './parse.js';

const STDOUT = 1;
const STDERR = 2;

/** One stdcopy frame: 8-byte header + payload. */
function frame(type: number, payload: Buffer | string): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [0, ...offsets.filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b), bytes.length];
  const chunks: Buffer[] = [];
  for (let i = 1; i < points.length; i++) chunks.push(bytes.subarray(points[i - 1], points[i]));
  return chunks;
}

const byteByByte = (bytes: Buffer) => Array.from(bytes, (b) => Buffer.from([b]));

async function decode(
  chunks: (Buffer | string)[],
  opts: { tty: boolean; timestamps?: boolean },
): Promise<RawLogLine[]> {
  const lines: RawLogLine[] = [];
  for await (const line of decodeLogStream(Readable.from(chunks), opts)) lines.push(line);
  return lines;
}

const out = (text: string): RawLogLine => ({ stream: 'stdout', text });
const err = (text: string): RawLogLine => ({ stream: 'stderr', text });

describe('FrameDemuxer', () => {
  it('returns complete frames only, whatever the chunking, including inside the header', () => {
    const bytes = Buffer.concat([frame(STDOUT, 'hello'), frame(STDERR, 'oops'), frame(STDOUT, '')]);
    for (let split = 0; split <= bytes.length; split++) {
      const demuxer = new FrameDemuxer({ tty: false });
      const frames = [
        ...demuxer.push(bytes.subarray(0, split)),
        ...demuxer.push(bytes.subarray(split)),
        ...demuxer.end(),
      ];
      expect(
        frames.map((f) => [f.stream, f.data.toString()]),
        `split at ${split}`,
      ).toEqual([
        ['stdout', 'hello'],
        ['stderr', 'oops'],
      ]);
    }
  });

  it('handles many frames in one chunk and one frame in many chunks', () => {
    const demuxer = new FrameDemuxer({ tty: false });
    const many = Buffer.concat(Array.from({ length: 100 }, (_, i) => frame(i % 2 ? STDERR : STDOUT, `${i}`)));
    expect(demuxer.push(many)).toHaveLength(100);
    const big = frame(STDOUT, Buffer.alloc(40_000, 0x61));
    const frames = byteByByte(big).flatMap((chunk) => demuxer.push(chunk));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.data.length).toBe(40_000);
  });

  it('passes TTY chunks through as stdout', () => {
    const demuxer = new FrameDemuxer({ tty: true });
    expect(
      demuxer.push(Buffer.from([1, 0, 0, 0, 0, 0, 0, 1, 0x41])).map((f) => [f.stream, [...f.data]]),
    ).toEqual([['stdout', [1, 0, 0, 0, 0, 0, 0, 1, 0x41]]]);
  });

  it('falls back to raw mode when the stream is not multiplexed after all', () => {
    const demuxer = new FrameDemuxer({ tty: false });
    const frames = [...demuxer.push(Buffer.from('plain text\n')), ...demuxer.push(Buffer.from('more\n'))];
    expect(frames.map((f) => f.data.toString()).join('')).toBe('plain text\nmore\n');
    expect(demuxer.isRaw).toBe(true);
  });

  it('returns what arrived of a truncated last frame at the end', () => {
    const demuxer = new FrameDemuxer({ tty: false });
    expect(demuxer.push(frame(STDERR, 'complete line\n').subarray(0, 8 + 8))).toEqual([]);
    expect(demuxer.end().map((f) => [f.stream, f.data.toString()])).toEqual([['stderr', 'complete']]);
  });
});

describe('LineSplitter', () => {
  it('keeps partial lines per stream and handles \\r\\n split across pieces', () => {
    const splitter = new LineSplitter();
    expect(splitter.push({ stream: 'stdout', text: 'one\r' })).toEqual([]);
    expect(splitter.push({ stream: 'stderr', text: 'err' })).toEqual([]);
    expect(splitter.push({ stream: 'stdout', text: '\ntwo\n\nthree' })).toEqual([
      out('one'),
      out('two'),
      out(''),
    ]);
    expect(splitter.end()).toEqual([out('three'), err('err')]);
  });

  it('cuts lines longer than the maximum', () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push({ stream: 'stdout', text: 'abcdefghij\nxy' }).map((l) => l.text)).toEqual([
      'abcd',
      'efgh',
      'ij',
    ]);
    expect(splitter.end().map((l) => l.text)).toEqual(['xy']);
  });
});

describe('decodeLogStream (multiplexed)', () => {
  it('decodes interleaved stdout and stderr frames into lines of each stream', async () => {
    const bytes = Buffer.concat([
      frame(STDOUT, 'a\nb'),
      frame(STDERR, 'x\n'),
      frame(STDOUT, 'c\n'),
      frame(STDERR, 'y'),
    ]);
    expect(await decode([bytes], { tty: false })).toEqual([out('a'), err('x'), out('bc'), err('y')]);
    expect(await decode(byteByByte(bytes), { tty: false })).toEqual([
      out('a'),
      err('x'),
      out('bc'),
      err('y'),
    ]);
  });

  it('never corrupts 2-, 3- and 4-byte characters split across frames and chunks, at every offset', async () => {
    const text = 'aé€🚀z ünïcödé €uro 🚀';
    const bytes = Buffer.from(`${text}\n`, 'utf8');
    for (let frameSplit = 1; frameSplit < bytes.length; frameSplit++) {
      // The character is cut between two stdout frames, with a stderr frame (also multi-byte) in between.
      const stream = Buffer.concat([
        frame(STDOUT, bytes.subarray(0, frameSplit)),
        frame(STDERR, 'é🚀\n'),
        frame(STDOUT, bytes.subarray(frameSplit)),
      ]);
      for (let chunkSplit = 1; chunkSplit < stream.length; chunkSplit++) {
        const lines = await decode(cut(stream, [chunkSplit]), { tty: false });
        expect(lines, `frame split ${frameSplit}, chunk split ${chunkSplit}`).toEqual([
          err('é🚀'),
          out(text),
        ]);
      }
      expect(await decode(byteByByte(stream), { tty: false })).toEqual([err('é🚀'), out(text)]);
    }
  });

  it('flushes a partial last line at the end and ignores stdin frames', async () => {
    const bytes = Buffer.concat([frame(0, 'typed\n'), frame(STDOUT, 'done\nno newline'), frame(STDERR, 'é')]);
    expect(await decode([bytes], { tty: false })).toEqual([out('done'), out('no newline'), err('é')]);
  });

  it('turns an incomplete character at the very end into U+FFFD instead of dropping it', async () => {
    const bytes = frame(STDOUT, Buffer.from('ok €', 'utf8').subarray(0, 5));
    expect(await decode([bytes], { tty: false })).toEqual([out('ok \uFFFD')]);
  });

  it('accepts string chunks', async () => {
    expect(await decode(['line one\nline', ' two\n'], { tty: true })).toEqual([
      out('line one'),
      out('line two'),
    ]);
  });
});

describe('decodeLogStream (TTY raw)', () => {
  it('splits raw bytes into lines, \\r\\n included, with characters cut at every offset', async () => {
    const text = 'ünïcödé €uro 🚀';
    const bytes = Buffer.from(`first\r\n${text}\r\nlast without newline`, 'utf8');
    for (let split = 1; split < bytes.length; split++) {
      expect(await decode(cut(bytes, [split]), { tty: true }), `split ${split}`).toEqual([
        out('first'),
        out(text),
        out('last without newline'),
      ]);
    }
    expect(await decode(byteByByte(bytes), { tty: true })).toEqual([
      out('first'),
      out(text),
      out('last without newline'),
    ]);
  });
});

describe('decodeLogStream with engine timestamps', () => {
  const T1 = '2026-11-26T18:08:36.270306735Z';
  const T2 = '2026-11-26T18:08:36.270520332Z';
  const T3 = '2026-11-26T18:08:37.000000001Z';
  // A line longer than 16 KiB, whose 3-byte '€' is cut by the engine's 16 KiB split (bytes 16383..16385).
  const long = `${'a'.repeat(PARTIAL_MESSAGE_BYTES - 1)}€${'b'.repeat(PARTIAL_MESSAGE_BYTES)}🚀tail`;
  const longBytes = Buffer.from(long, 'utf8');
  const pieces = [
    longBytes.subarray(0, PARTIAL_MESSAGE_BYTES),
    longBytes.subarray(PARTIAL_MESSAGE_BYTES, 2 * PARTIAL_MESSAGE_BYTES),
    Buffer.concat([longBytes.subarray(2 * PARTIAL_MESSAGE_BYTES), Buffer.from('\n')]),
  ];
  const stamped = (ts: string, payload: Buffer | string) =>
    Buffer.concat([Buffer.from(`${ts} `), typeof payload === 'string' ? Buffer.from(payload) : payload]);
  const expected: RawLogLine[] = [
    { stream: 'stdout', text: long, timestamp: T1 },
    { stream: 'stderr', text: 'warn ünï', timestamp: T2 },
    { stream: 'stdout', text: 'short', timestamp: T2 },
    { stream: 'stdout', text: 'no newline at exit', timestamp: T3 },
  ];

  it('multiplexed: strips the timestamp of every frame, rejoins 16 KiB pieces and keeps characters whole', async () => {
    const bytes = Buffer.concat([
      ...pieces.map((piece) => frame(STDOUT, stamped(T1, piece))),
      frame(STDERR, stamped(T2, 'warn ünï\n')),
      frame(STDOUT, stamped(T2, 'short\n')),
      frame(STDOUT, stamped(T3, 'no newline at exit')),
    ]);
    expect(await decode([bytes], { tty: false, timestamps: true })).toEqual(expected);
    expect(
      await decode(cut(bytes, [5, 16_400, 16_421, 32_830, 32_850]), { tty: false, timestamps: true }),
    ).toEqual(expected);
  });

  it('multiplexed: a message without newline that is shorter than 16 KiB ends its line', async () => {
    const bytes = Buffer.concat([
      frame(STDOUT, stamped(T1, 'prompt> ')),
      frame(STDOUT, stamped(T2, 'next\n')),
    ]);
    expect(await decode([bytes], { tty: false, timestamps: true })).toEqual([
      { stream: 'stdout', text: 'prompt> ', timestamp: T1 },
      { stream: 'stdout', text: 'next', timestamp: T2 },
    ]);
  });

  it('TTY: finds the timestamps inside long lines at the 16 KiB boundaries, whatever the chunking', async () => {
    const bytes = Buffer.concat([
      ...pieces.map((piece) => stamped(T1, piece)),
      stamped(T2, 'short\r\n'),
      stamped(T3, '12345 starts with digits\r\n'),
    ]);
    const want: RawLogLine[] = [
      { stream: 'stdout', text: long, timestamp: T1 },
      { stream: 'stdout', text: 'short', timestamp: T2 },
      { stream: 'stdout', text: '12345 starts with digits', timestamp: T3 },
    ];
    expect(await decode([bytes], { tty: true, timestamps: true })).toEqual(want);
    expect(await decode(byteByByte(bytes), { tty: true, timestamps: true })).toEqual(want);
    const boundary = T1.length + 1 + PARTIAL_MESSAGE_BYTES;
    for (let split = boundary - 3; split < boundary + T1.length + 4; split++) {
      expect(await decode(cut(bytes, [split]), { tty: true, timestamps: true }), `split ${split}`).toEqual(
        want,
      );
    }
  });

  it('TTY, json-file driver: pieces grown past 16 KiB by U+FFFD replacements still split at their timestamps', async () => {
    const fffd = Buffer.from('\uFFFD', 'utf8');
    const piece1 = Buffer.concat([Buffer.alloc(PARTIAL_MESSAGE_BYTES - 1, 'a'), fffd]); // '€' cut: E2 → U+FFFD
    const piece2 = Buffer.concat([fffd, fffd, Buffer.alloc(PARTIAL_MESSAGE_BYTES - 2, 'b')]); // 82 AC → 2 × U+FFFD
    const bytes = Buffer.concat([
      stamped(T1, piece1),
      stamped(T1, piece2),
      stamped(T1, 'tail\r\n'),
      stamped(T2, 'next\r\n'),
    ]);
    const want: RawLogLine[] = [
      {
        stream: 'stdout',
        text: `${'a'.repeat(PARTIAL_MESSAGE_BYTES - 1)}\uFFFD\uFFFD\uFFFD${'b'.repeat(PARTIAL_MESSAGE_BYTES - 2)}tail`,
        timestamp: T1,
      },
      { stream: 'stdout', text: 'next', timestamp: T2 },
    ];
    expect(await decode([bytes], { tty: true, timestamps: true })).toEqual(want);
    expect(
      await decode(cut(bytes, [16_420, 16_430, 32_840, 32_850, 32_860]), { tty: true, timestamps: true }),
    ).toEqual(want);
  });

  it('local driver: the last piece of a long line has no newline; the next message still starts a new line', async () => {
    const piece1 = Buffer.alloc(PARTIAL_MESSAGE_BYTES, 'a');
    const tty = Buffer.concat([stamped(T1, piece1), stamped(T1, 'end\r'), stamped(T2, 'next\r\n')]);
    const want: RawLogLine[] = [
      { stream: 'stdout', text: `${'a'.repeat(PARTIAL_MESSAGE_BYTES)}end`, timestamp: T1 },
      { stream: 'stdout', text: 'next', timestamp: T2 },
    ];
    expect(await decode([tty], { tty: true, timestamps: true })).toEqual(want);
    expect(await decode(byteByByte(tty), { tty: true, timestamps: true })).toEqual(want);
    const multiplexed = Buffer.concat([
      frame(STDOUT, stamped(T1, piece1)),
      frame(STDOUT, stamped(T1, 'end')),
      frame(STDOUT, stamped(T2, 'next\n')),
    ]);
    expect(await decode([multiplexed], { tty: false, timestamps: true })).toEqual(want);
  });

  it('passes lines without a timestamp through untagged rather than losing them', async () => {
    expect(
      await decode(['not stamped\n', `${T1} stamped\n`, '2026 is not a timestamp\n'], {
        tty: true,
        timestamps: true,
      }),
    ).toEqual([
      { stream: 'stdout', text: 'not stamped' },
      { stream: 'stdout', text: 'stamped', timestamp: T1 },
      { stream: 'stdout', text: '2026 is not a timestamp' },
    ]);
  });
});
