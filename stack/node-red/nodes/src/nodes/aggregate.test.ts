import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import aggregate from './aggregate';

afterEach(() => helper.unload());

const rows = [
  { ms: 100, ok: true },
  { ms: '300', ok: false },
  { ms: 200, ok: true },
  { ms: 400, ok: true },
];
const node = (over: Record<string, unknown>) => ({ type: 'status-aggregate', property: 'payload', ...over });

describe('status-aggregate', () => {
  it.each([
    [{ operation: 'count' }, 4],
    [{ operation: 'count', field: 'ok', operator: 'eq', value: 'true', valueType: 'bool' }, 3],
    [{ operation: 'sum', field: 'ms' }, 1000],
    [{ operation: 'average', field: 'ms' }, 250],
    [{ operation: 'ratio', field: 'ms', operator: 'lte', value: '200', valueType: 'num' }, 0.5],
  ])('%j → %s', async (over, expected) => {
    const run = await runNode(aggregate, node(over), { payload: rows });
    expect(run.outputs[0]?.payload).toBe(expected);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('average and ratio of nothing are null', async () => {
    const run = await runNode(aggregate, node({ operation: 'average', field: 'ms' }), { payload: [] });
    expect(run.outputs[0]?.payload).toBeNull();
    await helper.unload();
    const ratio = await runNode(
      aggregate,
      node({ operation: 'ratio', field: 'ok', operator: 'eq', value: 'true', valueType: 'bool' }),
      { payload: [] },
    );
    expect(ratio.outputs[0]?.payload).toBeNull();
  });

  it('a non-number in a sum, a non-array and a ratio without condition are errors', async () => {
    const run = await runNode(aggregate, node({ operation: 'sum', field: 'ms' }), {
      payload: [{ ms: 1 }, { ms: 'fast' }],
    });
    expect(run.errors).toEqual(['msg.payload[1].ms is not a number (it is string "fast")']);
    expect(lastStatus(run)).toMatchObject({ fill: 'red' });
    await helper.unload();
    const notArray = await runNode(aggregate, node({ operation: 'count' }), { payload: 3 });
    expect(notArray.errors).toEqual(['msg.payload is not an array (it is number 3)']);
    await helper.unload();
    const ratio = await runNode(aggregate, node({ operation: 'ratio' }), { payload: [] });
    expect(ratio.errors[0]).toMatch(/misconfigured: ratio needs a condition/);
  });
});
