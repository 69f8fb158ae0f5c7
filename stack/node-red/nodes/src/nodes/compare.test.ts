import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import compare from './compare';

afterEach(() => helper.unload());

const node = (over: Record<string, unknown>) => ({
  type: 'status-compare',
  property: 'payload.n',
  output: 'payload.ok',
  ...over,
});

describe('status-compare', () => {
  it.each([
    ['lt', 3, 5, true],
    ['lte', 5, 5, true],
    ['eq', 5, '5', true],
    ['neq', 4, 5, true],
    ['gte', 4, 5, false],
    ['gt', 6, 5, true],
  ])('%s: %s vs %s → %s', async (operator, n, value, expected) => {
    const run = await runNode(compare, node({ operator, value: String(value), valueType: 'num' }), {
      payload: { n },
    });
    expect(run.errors).toEqual([]);
    expect((run.outputs[0]?.payload as { ok: boolean }).ok).toBe(expected);
    expect(lastStatus(run)).toMatchObject({ fill: 'green', shape: 'dot' });
  });

  it('compares with another msg property and ISO dates as instants', async () => {
    const run = await runNode(compare, node({ operator: 'lt', value: 'payload.to', valueType: 'msg' }), {
      payload: { n: '2024-01-01T00:00:00Z', to: '2024-01-01T00:00:01.000Z' },
    });
    expect((run.outputs[0]?.payload as { ok: boolean }).ok).toBe(true);
  });

  it('a missing property is a node error naming it, with a red status and no output', async () => {
    const run = await runNode(compare, node({ operator: 'lt', value: '1', valueType: 'num' }), {
      payload: {},
    });
    expect(run.outputs[0]).toBeUndefined();
    expect(run.errors).toEqual(['msg.payload.n is missing']);
    expect(run.errorMsgs[0]).toMatchObject({ payload: {} });
    expect(lastStatus(run)).toMatchObject({ fill: 'red', shape: 'ring' });
  });

  it('an unknown operator marks the node misconfigured', async () => {
    const run = await runNode(compare, node({ operator: 'between', value: '1', valueType: 'num' }), {
      payload: { n: 1 },
    });
    expect(run.errors[0]).toMatch(/misconfigured.*operator must be one of/);
  });
});
