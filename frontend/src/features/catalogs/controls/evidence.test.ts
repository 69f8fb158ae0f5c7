import { describe, expect, it } from 'vitest';
import { viewEvidence } from './evidence';

describe('viewEvidence', () => {
  it('reads the original {key, value, result, from, to} shape', () => {
    expect(
      viewEvidence({ key: 'repo', value: 'https://x', result: true, from: '2026-01-01', to: '2026-01-02' }),
    ).toEqual({ name: 'repo', value: 'https://x', result: true, from: '2026-01-01', to: '2026-01-02' });
  });

  it('names a flow’s {check, score, result} by its check and shows its one other field', () => {
    expect(viewEvidence({ check: 'signed-commits', score: 5, result: false })).toEqual({
      name: 'signed-commits',
      value: 5,
      result: false,
      from: undefined,
      to: undefined,
    });
  });

  it('keeps several other fields together, and wraps bare values', () => {
    expect(viewEvidence({ check: 'a', score: 1, max: 2 }).value).toEqual({ score: 1, max: 2 });
    expect(viewEvidence(7)).toMatchObject({ name: undefined, value: 7, result: undefined });
  });
});
