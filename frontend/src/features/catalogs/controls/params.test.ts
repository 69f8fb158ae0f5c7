import { describe, expect, it } from 'vitest';
import type { FlowNode } from '../../../lib/flows';
import {
  flowParamNames,
  formatParamValue,
  paramsFromRows,
  parseParamValue,
  rowsForFlow,
  rowsFromParams,
} from './params';

describe('param values', () => {
  it('types numbers, booleans and JSON, and keeps other text as strings', () => {
    expect(parseParamValue('5')).toBe(5);
    expect(parseParamValue('true')).toBe(true);
    expect(parseParamValue('[6, 7]')).toEqual([6, 7]);
    expect(parseParamValue('/check')).toBe('/check');
    expect(parseParamValue(' ')).toBe('');
  });

  it('round-trips through the text the form edits', () => {
    const params = { endpoint: '/check', threshold: 5, items: [6, 7], label: '5', on: false };
    expect(paramsFromRows(rowsFromParams(params))).toEqual(params);
    expect(formatParamValue('5')).toBe('"5"');
  });

  it('drops rows without a name or a value', () => {
    expect(
      paramsFromRows([
        { key: ' ', value: '1' },
        { key: 'a', value: '2' },
        { key: 'b', value: ' ' },
        { key: 'c', value: '""' },
      ]),
    ).toEqual({ a: 2, c: '' });
  });
});

describe('flow params', () => {
  const nodes: FlowNode[] = [
    { id: 't1', type: 'tab' },
    { id: 'n1', type: 'http in', z: 't1', url: '/check' },
    { id: 'n2', type: 'function', z: 't1', params: { items: [], threshold: 1 } },
    { id: 'n3', type: 'function', z: 't2', params: { other: 1 } },
  ];

  it('collects the param names of the nodes of one tab', () => {
    expect(flowParamNames(nodes, 't1')).toEqual(['items', 'threshold']);
  });

  it('adds the declared names that are missing, keeping typed values and fixed fields apart', () => {
    const rows = rowsForFlow([{ key: 'items', value: '[1]' }], ['items', 'threshold', 'window']);
    expect(rows).toEqual([
      { key: 'items', value: '[1]' },
      { key: 'window', value: '' },
    ]);
  });
});
