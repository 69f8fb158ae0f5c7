import { describe, expect, it } from 'vitest';
import { NdjsonDecoder } from './ndjson.js';

describe('NdjsonDecoder', () => {
  it('decodes values split across chunks, several per chunk, and a last line without newline', () => {
    const d = new NdjsonDecoder<{ n: number }>();
    expect(d.push('{"n":1}\n{"n"')).toEqual([{ n: 1 }]);
    expect(d.push(':2}\n\n{"n":3}\n{"n":')).toEqual([{ n: 2 }, { n: 3 }]);
    expect(d.push('4}')).toEqual([]);
    expect(d.end()).toEqual([{ n: 4 }]);
  });

  it('keeps a UTF-8 character split between two chunks intact', () => {
    const d = new NdjsonDecoder<{ s: string }>();
    const bytes = Buffer.from('{"s":"é✓"}\n', 'utf8');
    const at = bytes.indexOf(0xe2) + 1; // inside the 3-byte ✓
    expect(d.push(bytes.subarray(0, at))).toEqual([]);
    expect(d.push(bytes.subarray(at))).toEqual([{ s: 'é✓' }]);
  });

  it('skips and counts a line that is not JSON without stopping', () => {
    const d = new NdjsonDecoder();
    expect(d.push('nope\r\n{"ok":true}\r\n')).toEqual([{ ok: true }]);
    expect(d.invalidLines).toBe(1);
  });
});
