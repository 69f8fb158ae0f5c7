import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import filter from './filter';
import find from './find';

afterEach(() => helper.unload());

const prs = [
  { n: 1, state: 'closed', additions: 10, labels: ['bug'], user: { login: 'ann' } },
  { n: 2, state: 'open', additions: 200, labels: [], user: { login: 'bob' } },
  { n: 3, state: 'closed', additions: 150, labels: ['bug', 'ui'], user: { login: 'ann' } },
];

describe('status-filter', () => {
  it.each([
    ['state', 'eq', 'closed', 'str', [1, 3]],
    ['additions', 'gt', '100', 'num', [2, 3]],
    ['labels', 'contains', 'ui', 'str', [3]],
    ['user.login', 'neq', 'ann', 'str', [2]],
    ['user.login', 'regex', '^b', 'str', [2]],
  ])('%s %s %s', async (field, operator, value, valueType, expected) => {
    const run = await runNode(
      filter,
      { type: 'status-filter', property: 'payload', field, operator, value, valueType },
      { payload: prs },
    );
    expect((run.outputs[0]?.payload as { n: number }[]).map((p) => p.n)).toEqual(expected);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('compares with a msg property and writes elsewhere', async () => {
    const run = await runNode(
      filter,
      {
        type: 'status-filter',
        property: 'payload',
        field: 'additions',
        operator: 'lte',
        value: 'limit',
        valueType: 'msg',
        output: 'small',
      },
      { payload: prs, limit: 150 },
    );
    expect((run.outputs[0]?.small as { n: number }[]).map((p) => p.n)).toEqual([1, 3]);
  });

  it('a non-array is a node error', async () => {
    const run = await runNode(
      filter,
      { type: 'status-filter', property: 'payload', field: 'state', operator: 'eq', value: 'x' },
      { payload: { a: 1 } },
    );
    expect(run.errors).toEqual(['msg.payload is not an array (it is an object)']);
    expect(lastStatus(run)).toMatchObject({ fill: 'red' });
  });
});

describe('status-find', () => {
  it('finds the first matching object, null when none', async () => {
    const run = await runNode(
      find,
      {
        type: 'status-find',
        property: 'payload',
        field: 'user.login',
        operator: 'eq',
        value: 'ann',
        output: 'found',
      },
      { payload: prs },
    );
    expect((run.outputs[0]?.found as { n: number }).n).toBe(1);
    await helper.unload();
    const none = await runNode(
      find,
      { type: 'status-find', property: 'payload', field: 'state', operator: 'eq', value: 'merged' },
      { payload: prs },
    );
    expect(none.outputs[0]?.payload).toBeNull();
  });

  it('a missing array is a node error', async () => {
    const run = await runNode(
      find,
      { type: 'status-find', property: 'payload.items', field: 'a', operator: 'exists' },
      { payload: {} },
    );
    expect(run.errors).toEqual(['msg.payload.items is missing']);
  });
});
