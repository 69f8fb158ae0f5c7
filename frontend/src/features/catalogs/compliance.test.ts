import type { Computation, Point } from '@backend/contract';
import { describe, expect, it } from 'vitest';
import {
  compliance,
  complianceTone,
  dailyCompliance,
  latestByControl,
  samplesFromComputations,
  samplesFromPoints,
} from './compliance';

const comp = (controlId: number, value: boolean | null, to: string): Computation => ({
  id: `${controlId}-${to}`,
  computationGroup: null,
  value,
  scope: {},
  evidences: [],
  period: { from: null, to },
  controlId,
  createdAt: to,
  updatedAt: to,
});

describe('latestByControl', () => {
  it('keeps the newest computation of each control whatever the input order', () => {
    const m = latestByControl([
      comp(1, false, '2026-01-01T00:00:00Z'),
      comp(1, true, '2026-01-03T00:00:00Z'),
      comp(2, true, '2026-01-02T00:00:00Z'),
      comp(1, false, '2026-01-02T00:00:00Z'),
    ]);
    expect(m.get(1)?.value).toBe(true);
    expect(m.get(2)?.value).toBe(true);
    expect(m.size).toBe(2);
  });
});

describe('compliance', () => {
  it('is the share of passing controls among those that ran', () => {
    const latest = latestByControl([
      comp(1, true, '2026-01-01T00:00:00Z'),
      comp(2, false, '2026-01-01T00:00:00Z'),
      comp(3, true, '2026-01-01T00:00:00Z'),
      comp(4, null, '2026-01-01T00:00:00Z'),
    ]);
    const c = compliance([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }], latest);
    expect(c).toEqual({ passing: 2, failing: 1, notRun: 2, total: 5, pct: 67 });
  });

  it('has no percentage before any run', () => {
    expect(compliance([{ id: 1 }], new Map()).pct).toBeNull();
    expect(complianceTone(null)).toBe('neutral');
  });

  it('picks a tone from the percentage', () => {
    expect([complianceTone(95), complianceTone(70), complianceTone(10)]).toEqual([
      'success',
      'warning',
      'danger',
    ]);
  });
});

describe('dailyCompliance', () => {
  it('groups results by UTC day, oldest first', () => {
    const series = dailyCompliance(
      samplesFromComputations([
        comp(1, true, '2026-01-02T10:00:00Z'),
        comp(2, false, '2026-01-02T11:00:00Z'),
        comp(1, true, '2026-01-01T23:00:00Z'),
        comp(3, null, '2026-01-01T23:00:00Z'),
      ]),
    );
    expect(series).toEqual([
      { day: '2026-01-01', pct: 100, n: 1 },
      { day: '2026-01-02', pct: 50, n: 2 },
    ]);
  });

  it('reads points by their timestamp and guarantee result', () => {
    const p = (timestamp: string, guaranteeResult: boolean) => ({ timestamp, guaranteeResult }) as Point;
    expect(dailyCompliance(samplesFromPoints([p('2026-02-01T00:00:00Z', false)]))).toEqual([
      { day: '2026-02-01', pct: 0, n: 1 },
    ]);
  });
});
