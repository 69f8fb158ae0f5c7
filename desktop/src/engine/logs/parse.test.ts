import { describe, expect, it } from 'vitest';
import { compareTimeNs, parseTimestamp, splitTimestamp, timeNsToEngineTime } from './parse.js';

describe('parseTimestamp', () => {
  it('parses the engine format to ms and exact nanoseconds', () => {
    const parsed = parseTimestamp('2026-11-26T18:08:36.270306735Z');
    expect(parsed).toEqual({
      time: Date.UTC(2026, 10, 26, 18, 8, 36, 270),
      timeNs: `${Date.UTC(2026, 10, 26, 18, 8, 36) / 1000}270306735`,
    });
    expect(new Date(parsed!.time).toISOString()).toBe('2026-11-26T18:08:36.270Z');
  });

  it('accepts trimmed fractions (RFC3339Nano), no fraction and offsets', () => {
    const base = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(parseTimestamp('2026-01-02T03:04:05.5Z')).toEqual({
      time: base + 500,
      timeNs: `${base / 1000}500000000`,
    });
    expect(parseTimestamp('2026-01-02T03:04:05Z')).toEqual({ time: base, timeNs: `${base / 1000}000000000` });
    expect(parseTimestamp('2026-01-02T05:04:05.000000001+02:00')).toEqual({
      time: base,
      timeNs: `${base / 1000}000000001`,
    });
  });

  it('rejects what is not a timestamp', () => {
    for (const text of [
      '',
      '2026',
      'hello',
      '2026-11-26 18:08:36Z',
      '2026-11-26T18:08:36.1234567891Z',
      '2026-13-45T99:99:99Z',
    ]) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });
});

describe('splitTimestamp', () => {
  it('splits a `docker logs -t` line', () => {
    expect(splitTimestamp('2026-11-26T18:08:36.270306735Z hello world')).toMatchObject({
      text: 'hello world',
      time: Date.UTC(2026, 10, 26, 18, 8, 36, 270),
    });
    expect(splitTimestamp('2026-11-26T18:08:36Z ')).toMatchObject({ text: '' });
    expect(splitTimestamp('hello world')).toBeUndefined();
  });
});

describe('compareTimeNs / timeNsToEngineTime', () => {
  it('orders nanosecond strings numerically', () => {
    expect(compareTimeNs('1795716516270306735', '1795716516270306736')).toBeLessThan(0);
    expect(compareTimeNs('999999999', '1000000000')).toBeLessThan(0);
    expect(compareTimeNs('1795716516270306735', '1795716516270306735')).toBe(0);
    expect(['30', '100', '2'].sort(compareTimeNs)).toEqual(['2', '30', '100']);
  });

  it('formats the engine since/until value', () => {
    expect(timeNsToEngineTime('1795716516270306735')).toBe('1795716516.270306735');
    expect(timeNsToEngineTime('5')).toBe('0.000000005');
  });
});
