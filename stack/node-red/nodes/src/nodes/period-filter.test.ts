import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import periodFilter from './period-filter';
import groupBy from './group-by';

afterEach(() => helper.unload());

const items = [
  { n: 1, merged_at: '2024-05-01T10:00:00Z' },
  { n: 2, merged_at: null },
  { n: 3, merged_at: '2024-05-03T10:00:00Z' },
  { n: 4, merged_at: Date.parse('2024-05-02T00:00:00Z') },
];

describe('status-period-filter', () => {
  it("keeps the items within the run's [from, to] (msg.payload.from/to by default)", async () => {
    const run = await runNode(
      periodFilter,
      { type: 'status-period-filter', property: 'payload.items', field: 'merged_at', output: 'inPeriod' },
      { payload: { items, from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' } },
    );
    expect((run.outputs[0]?.inPeriod as { n: number }[]).map((i) => i.n)).toEqual([1, 4]);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('reads the period from configured properties', async () => {
    const run = await runNode(
      periodFilter,
      {
        type: 'status-period-filter',
        property: 'payload',
        field: 'merged_at',
        fromProperty: 'p.start',
        toProperty: 'p.end',
      },
      { payload: items, p: { start: '2024-05-02T12:00:00Z', end: '2024-06-01T00:00:00Z' } },
    );
    expect((run.outputs[0]?.payload as { n: number }[]).map((i) => i.n)).toEqual([3]);
  });

  it('a missing or invalid period is a node error', async () => {
    const run = await runNode(
      periodFilter,
      { type: 'status-period-filter', property: 'payload.items', field: 'merged_at' },
      { payload: { items } },
    );
    expect(run.errors).toEqual(['msg.payload.from is missing']);
    await helper.unload();
    const bad = await runNode(
      periodFilter,
      { type: 'status-period-filter', property: 'payload.items', field: 'merged_at' },
      { payload: { items, from: 'yesterday', to: '2024-01-01' } },
    );
    expect(bad.errors).toEqual(['msg.payload.from is not a date (it is string "yesterday")']);
  });
});

describe('status-group-by', () => {
  const people = [{ team: 'a', n: 1 }, { team: 'b', n: 2 }, { team: 'a', n: 3 }, { n: 4 }];
  it('groups into an object or a list with counts', async () => {
    const run = await runNode(
      groupBy,
      { type: 'status-group-by', property: 'payload', field: 'team' },
      { payload: people },
    );
    expect(run.outputs[0]?.payload).toEqual({
      a: [people[0], people[2]],
      b: [people[1]],
      '(none)': [people[3]],
    });
    await helper.unload();
    const list = await runNode(
      groupBy,
      { type: 'status-group-by', property: 'payload', field: 'team', shape: 'list', output: 'groups' },
      { payload: people },
    );
    expect(
      (list.outputs[0]?.groups as { key: string; count: number }[]).map((g) => [g.key, g.count]),
    ).toEqual([
      ['a', 2],
      ['b', 1],
      ['(none)', 1],
    ]);
  });

  it('a non-array is a node error; no field is a misconfiguration', async () => {
    const run = await runNode(
      groupBy,
      { type: 'status-group-by', property: 'payload', field: 'team' },
      { payload: 'x' },
    );
    expect(run.errors).toEqual(['msg.payload is not an array (it is string "x")']);
    await helper.unload();
    const bad = await runNode(
      groupBy,
      { type: 'status-group-by', property: 'payload', field: '' },
      { payload: [] },
    );
    expect(bad.errors[0]).toMatch(/misconfigured: field is empty/);
  });
});
