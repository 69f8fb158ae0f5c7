import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import getProperty from './get-property';

afterEach(() => helper.unload());

describe('status-get-property', () => {
  it('copies a nested path (a.b[0].c) to the output property', async () => {
    const run = await runNode(
      getProperty,
      { type: 'status-get-property', property: 'payload.a.b[0].c', output: 'value' },
      { payload: { a: { b: [{ c: 42 }] } } },
    );
    expect(run.outputs[0]?.value).toBe(42);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('a missing property is a node error; a default replaces it', async () => {
    const run = await runNode(
      getProperty,
      { type: 'status-get-property', property: 'payload.a.b[3].c' },
      { payload: { a: { b: [] } } },
    );
    expect(run.errors).toEqual(['msg.payload.a.b[3].c is missing']);
    expect(lastStatus(run)).toMatchObject({ fill: 'red', shape: 'ring' });
    await helper.unload();
    const withDefault = await runNode(
      getProperty,
      { type: 'status-get-property', property: 'payload.x', fallback: '[]' },
      { payload: {} },
    );
    expect(withDefault.outputs[0]?.payload).toEqual([]);
  });

  it('an empty path or an invalid default marks the node misconfigured', async () => {
    const run = await runNode(getProperty, { type: 'status-get-property', property: '' }, { payload: 1 });
    expect(run.errors[0]).toMatch(/misconfigured: property is empty/);
    await helper.unload();
    const bad = await runNode(
      getProperty,
      { type: 'status-get-property', property: 'payload', fallback: 'nope' },
      { payload: 1 },
    );
    expect(bad.errors[0]).toMatch(/misconfigured: the default value nope is not JSON/);
  });
});
