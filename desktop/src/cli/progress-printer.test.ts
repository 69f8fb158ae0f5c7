// The CLI prints a pull from the engine's summary: layers done and bytes, per service, at most once
// a second.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressEvent, PullSummary } from '../api/contract.js';
import { progressPrinter } from './progress-printer.js';

const pull = (service: string, summary: PullSummary): ProgressEvent => ({
  type: 'pull',
  service,
  image: `${service}:1`,
  summary,
});
const summary = (done: number, layers: number, current: number, total: number): PullSummary => ({
  layers: Array.from({ length: layers }, (_, i) => ({
    id: `layer${i}`,
    status: i < done ? 'Pull complete' : 'Downloading',
    current: 0,
    total: 0,
    done: i < done,
  })),
  current,
  total,
  done: done === layers,
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(10_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('progressPrinter: pulls', () => {
  it('prints layers done and bytes from the summary, at most once a second per service', () => {
    const lines: string[] = [];
    const print = progressPrinter((line) => lines.push(line));
    print(pull('postgres', summary(0, 3, 0, 0)));
    print(pull('redis', summary(1, 2, 2_500_000, 4_000_000)));
    vi.setSystemTime(10_500);
    print(pull('postgres', summary(1, 3, 12_000_000, 80_000_000))); // within the second: not printed
    vi.setSystemTime(11_000);
    print(pull('postgres', summary(3, 3, 1_500_000_000, 1_500_000_000)));
    expect(lines).toEqual([
      'postgres         Downloading 0/3 layers, 0 kB of 0 kB',
      'redis            Downloading 1/2 layers, 2.5 MB of 4.0 MB',
      'postgres         Downloading 3/3 layers, 1.50 GB of 1.50 GB',
    ]);
  });

  it('says a retry with the attempt to come and its delay', () => {
    const lines: string[] = [];
    progressPrinter((line) => lines.push(line))({
      type: 'pull-retry',
      service: 'postgres',
      image: 'postgres:1',
      attempt: 1,
      delayMs: 2000,
      error: 'connection reset',
    });
    expect(lines).toEqual([
      'postgres         retrying    download failed (connection reset); attempt 2 in 2 s',
    ]);
  });
});

describe('backup progress', () => {
  it('prints a part when it starts, its bytes at most once a second, and its size when done', () => {
    const lines: string[] = [];
    const print = progressPrinter((line) => lines.push(line));
    const part = 'postgres/statusdb.pgdump';
    print({ type: 'backup-part', part, phase: 'capturing', bytes: 0, message: 'capturing' });
    print({ type: 'backup-part', part, phase: 'capturing', bytes: 4_200_000, message: 'capturing' });
    print({ type: 'backup-part', part, phase: 'capturing', bytes: 8_400_000, message: 'capturing' });
    print({
      type: 'backup-part',
      part,
      phase: 'captured',
      bytes: 9_000_000,
      method: 'pg_dump',
      message: 'captured',
    });
    print({
      type: 'backup-part',
      part,
      phase: 'verifying',
      bytes: 0,
      totalBytes: 9_000_000,
      message: 'verifying',
    });
    print({ type: 'backup-file', file: '/b/x.statusbackup', phase: 'written', bytes: 9_500_000 });
    expect(lines).toEqual([
      'postgres/statusdb.pgdump         capturing',
      'postgres/statusdb.pgdump         capturing   4.2 MB',
      'postgres/statusdb.pgdump         captured    9.0 MB (pg_dump)',
      'postgres/statusdb.pgdump         verifying',
      'archive                          written     /b/x.statusbackup (9.5 MB)',
    ]);
  });
});
