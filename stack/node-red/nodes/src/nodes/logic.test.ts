import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import ifElse from './if-else';
import logic from './logic';

afterEach(() => helper.unload());

describe('status-logic', () => {
  it.each([
    ['and', 'payload.a, payload.b', false],
    ['or', 'payload.a, payload.b', true],
    ['and', 'payload.all', true],
    ['or', 'payload.none', false],
    ['not', 'payload.b', true],
    ['implies', 'payload.a, payload.b', false],
    ['implies', 'payload.b, payload.a', true],
  ])('%s(%s) → %s', async (operator, properties, expected) => {
    const run = await runNode(
      logic,
      { type: 'status-logic', operator, properties, output: 'result' },
      {
        payload: { a: true, b: false, all: [true, true], none: [false] },
      },
    );
    expect(run.outputs[0]?.result).toBe(expected);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('a non-boolean or missing input is a node error', async () => {
    const run = await runNode(
      logic,
      { type: 'status-logic', operator: 'and', properties: 'payload.a, payload.n' },
      { payload: { a: true, n: 1 } },
    );
    expect(run.errors).toEqual(['msg.payload.n is not a boolean (it is number 1)']);
    expect(lastStatus(run)).toMatchObject({ fill: 'red' });
    await helper.unload();
    const list = await runNode(
      logic,
      { type: 'status-logic', operator: 'or', properties: 'payload' },
      { payload: [true, 'x'] },
    );
    expect(list.errors).toEqual(['msg.payload[1] is not a boolean (it is string "x")']);
    await helper.unload();
    const missing = await runNode(
      logic,
      { type: 'status-logic', operator: 'not', properties: 'payload.z' },
      { payload: {} },
    );
    expect(missing.errors).toEqual(['msg.payload.z is missing']);
  });

  it('implies with one property is a misconfiguration', async () => {
    const run = await runNode(
      logic,
      { type: 'status-logic', operator: 'implies', properties: 'payload' },
      { payload: true },
    );
    expect(run.errors[0]).toMatch(/misconfigured: implies takes exactly two properties/);
  });
});

describe('status-if-else', () => {
  it('routes true to output 1 and false to output 2', async () => {
    const yes = await runNode(
      ifElse,
      { type: 'status-if-else', property: 'payload.ok' },
      { payload: { ok: true } },
      { outputs: 2 },
    );
    expect(yes.outputs[0]).toBeDefined();
    expect(yes.outputs[1]).toBeUndefined();
    await helper.unload();
    const no = await runNode(
      ifElse,
      { type: 'status-if-else', property: 'payload.ok' },
      { payload: { ok: false } },
      { outputs: 2 },
    );
    expect(no.outputs[0]).toBeUndefined();
    expect(no.outputs[1]).toBeDefined();
  });

  it('"set and not empty" routes a missing or empty property to else', async () => {
    const set = await runNode(
      ifElse,
      { type: 'status-if-else', property: 'payload.repo', test: 'exists' },
      { payload: { repo: 'a/b' } },
      { outputs: 2 },
    );
    expect(set.outputs[0]).toBeDefined();
    await helper.unload();
    const empty = await runNode(
      ifElse,
      { type: 'status-if-else', property: 'payload.repo', test: 'exists' },
      { payload: { repo: '' } },
      { outputs: 2 },
    );
    expect(empty.outputs[1]).toBeDefined();
  });

  it('a non-boolean condition is a node error', async () => {
    const run = await runNode(
      ifElse,
      { type: 'status-if-else', property: 'payload' },
      { payload: 'yes' },
      { outputs: 2 },
    );
    expect(run.errors).toEqual(['msg.payload is not a boolean (it is string "yes")']);
    expect(lastStatus(run)).toMatchObject({ fill: 'red' });
  });
});
