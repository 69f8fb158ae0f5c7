import { describe, expect, it } from 'vitest';
import { parseByteSize, parseDuration, parsePortSpec, parseVolumeSpec, splitShellWords } from './syntax.js';

describe('parseDuration', () => {
  it.each([
    ['5s', 5000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['2m0.5s', 120_500],
    ['0', 0],
    ['1000us', 1],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['30', 'has no unit'],
    ['5 s', 'is not a duration'],
    ['abc', 'is not a duration'],
    ['', 'is not a duration'],
    ['5d', 'is not a duration'],
  ])('rejects %j', (text, message) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1GB', 1024 ** 3],
    ['100k', 102_400],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2048', 2048],
    ['10b', 10],
    [4096, 4096],
  ] as const)('%s → %d bytes', (input, bytes) => {
    expect(parseByteSize(input)).toEqual({ ok: true, value: bytes });
  });

  it('rejects other text', () => {
    expect(parseByteSize('lots').ok).toBe(false);
    expect(parseByteSize('1x').ok).toBe(false);
    expect(parseByteSize(-1).ok).toBe(false);
  });
});

describe('parsePortSpec', () => {
  it('parses the short forms', () => {
    expect(parsePortSpec('[2001:db8::1]:80:8080/tcp')).toEqual({
      ok: true,
      value: [{ hostIp: '2001:db8::1', hostPort: 80, containerPort: 8080, protocol: 'tcp' }],
    });
    expect(parsePortSpec('53:53/UDP')).toEqual({
      ok: true,
      value: [{ hostIp: '', hostPort: 53, containerPort: 53, protocol: 'udp' }],
    });
    expect(parsePortSpec('9000-9001')).toEqual({
      ok: true,
      value: [
        { hostIp: '', hostPort: 0, containerPort: 9000, protocol: 'tcp' },
        { hostIp: '', hostPort: 0, containerPort: 9001, protocol: 'tcp' },
      ],
    });
  });

  it.each([
    ['abc:80', '"abc:80" is not a port mapping (expected [ip:]host:container)'],
    ['80:', '"80:" is not a port mapping (expected [ip:]host:container)'],
    ['0:80', '"0:80": host port 0 is out of range (1-65535)'],
    ['9000-8000:80', 'ends before it starts'],
    ['1-5000:1-5000', 'is too large'],
    ['[::1:80:80', 'is not a port mapping'],
    ['[1.2.3.4]:80:80', '"1.2.3.4" is not an IPv6 address'],
  ])('rejects %j', (spec, message) => {
    const parsed = parsePortSpec(spec);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('parseVolumeSpec', () => {
  it('tells volumes from binds', () => {
    expect(parseVolumeSpec('data:/d')).toEqual({
      ok: true,
      value: { type: 'volume', source: 'data', target: '/d', readOnly: false },
    });
    expect(parseVolumeSpec('./d:/d:ro')).toEqual({
      ok: true,
      value: { type: 'bind', source: './d', target: '/d', readOnly: true },
    });
    expect(parseVolumeSpec('~/d:/d')).toEqual({
      ok: true,
      value: { type: 'bind', source: '~/d', target: '/d', readOnly: false },
    });
    expect(parseVolumeSpec('C:\\data:/d:ro')).toEqual({
      ok: true,
      value: { type: 'bind', source: 'C:\\data', target: '/d', readOnly: true },
    });
    // A one-letter volume name is not a Windows drive (except on Windows with a forward slash).
    if (process.platform !== 'win32') {
      expect(parseVolumeSpec('v:/d')).toEqual({
        ok: true,
        value: { type: 'volume', source: 'v', target: '/d', readOnly: false },
      });
    }
  });

  it('rejects anonymous volumes and bad forms', () => {
    expect(parseVolumeSpec('/data')).toMatchObject({
      ok: false,
      message: expect.stringContaining('anonymous volume') as unknown,
    });
    expect(parseVolumeSpec('a:/b:ro:x')).toMatchObject({
      ok: false,
      message: expect.stringContaining('is not a volume mount') as unknown,
    });
    expect(parseVolumeSpec(':/b')).toMatchObject({
      ok: false,
      message: expect.stringContaining('has no source') as unknown,
    });
  });
});

describe('splitShellWords', () => {
  it.each([
    ['nginx -g "daemon off;"', ['nginx', '-g', 'daemon off;']],
    ["sh -c 'echo $HOME && exit 1'", ['sh', '-c', 'echo $HOME && exit 1']],
    ['  spaced   out  ', ['spaced', 'out']],
    ['a\\ b c', ['a b', 'c']],
    ['"a \\"quoted\\" word"', ['a "quoted" word']],
    ['"keep \\n as is"', ['keep \\n as is']],
    ['x\'\'y ""', ['xy', '']],
    ['', []],
  ])('%j', (text, words) => {
    expect(splitShellWords(text)).toEqual({ ok: true, value: words });
  });

  it('rejects unclosed quotes', () => {
    expect(splitShellWords('echo "oops')).toMatchObject({
      ok: false,
      message: expect.stringContaining('unclosed double quote') as unknown,
    });
    expect(splitShellWords("echo 'oops")).toMatchObject({
      ok: false,
      message: expect.stringContaining('unclosed single quote') as unknown,
    });
  });
});
