import { describe, expect, it } from 'vitest';
import { rowsFromSet, setFromRows, summarize } from './scopeSetValues';

const defs = [
  { name: 'country', type: 'string' },
  { name: 'size', type: 'number' },
  { name: 'public', type: 'boolean' },
];

describe('scope set rows', () => {
  it('types the values by their scope definition and skips blank rows', () => {
    expect(
      setFromRows(
        [
          { name: 'country', value: 'Spain' },
          { name: 'size', value: ' 12 ' },
          { name: 'public', value: 'true' },
          { name: '', value: 'ignored' },
        ],
        defs,
      ),
    ).toEqual({ ok: true, scopes: { country: 'Spain', size: 12, public: true } });
  });

  it('reports a scope given twice and a number that is not one', () => {
    expect(
      setFromRows(
        [
          { name: 'country', value: 'a' },
          { name: 'country', value: 'b' },
        ],
        defs,
      ),
    ).toEqual({ ok: false, problem: { index: 1, kind: 'duplicate', name: 'country' } });
    expect(setFromRows([{ name: 'size', value: 'lots' }], defs)).toEqual({
      ok: false,
      problem: { index: 0, kind: 'badNumber', name: 'size' },
    });
  });

  it('round-trips a stored set to rows and a summary', () => {
    expect(rowsFromSet({ scopes: { country: 'Spain', size: 3 } })).toEqual([
      { name: 'country', value: 'Spain' },
      { name: 'size', value: '3' },
    ]);
    expect(summarize({ country: 'Spain', size: 3 })).toBe('country=Spain, size=3');
  });
});
