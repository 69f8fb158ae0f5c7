import { afterEach, describe, expect, it } from 'vitest';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import type { NodeMessage } from '../types';
import controlResult from './control-result';

afterEach(() => helper.unload());

/** A stand-in for the Express response the `http in` node puts in msg.res._res. */
function fakeRes() {
  const sent: { status?: number; body?: unknown } = {};
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      res.headersSent = true;
      return res;
    },
  };
  return {
    sent,
    msg: (payload: unknown, body: unknown = {}): NodeMessage => ({
      payload,
      req: { headers: {}, body },
      res: { _res: res },
    }),
  };
}

const node = (over: Record<string, unknown> = {}) => ({ type: 'status-control-result', ...over });

describe('status-control-result', () => {
  it('answers the run request with { value, evidences, scope } and sends the msg on', async () => {
    const { sent, msg } = fakeRes();
    const evidences = [{ item: 1, result: true }];
    const run = await runNode(
      controlResult,
      node(),
      msg({ value: true, evidences }, { scope: { team: 'a' }, controlId: 3 }),
    );
    expect(sent).toEqual({ status: 200, body: { value: true, evidences, scope: { team: 'a' } } });
    expect(run.outputs[0]?.payload).toEqual({ value: true, evidences, scope: { team: 'a' } });
    expect(run.errors).toEqual([]);
    expect(lastStatus(run)).toMatchObject({ fill: 'green', shape: 'dot' });
  });

  it('computes the value from the evidences (every / some result) and reads configured properties', async () => {
    const evidences = [{ result: true }, { result: false }];
    const all = await runNode(controlResult, node({ valueFrom: 'all', evidencesProperty: 'ev' }), {
      ev: evidences,
    });
    expect(all.outputs[0]?.payload).toEqual({ value: false, evidences, scope: {} });
    await helper.unload();
    const any = await runNode(controlResult, node({ valueFrom: 'any', evidencesProperty: 'ev' }), {
      ev: evidences,
      scope: { s: 1 },
    });
    expect(any.outputs[0]?.payload).toEqual({ value: true, evidences, scope: { s: 1 } });
    await helper.unload();
    const empty = await runNode(controlResult, node({ valueFrom: 'all' }), { payload: { evidences: [] } });
    expect(empty.outputs[0]?.payload).toMatchObject({ value: true, evidences: [] });
  });

  it('without msg.res it only sends the msg on', async () => {
    const run = await runNode(controlResult, node({ valueProperty: 'ok' }), {
      ok: false,
      payload: { evidences: [] },
    });
    expect(run.outputs[0]?.payload).toEqual({ value: false, evidences: [], scope: {} });
  });

  it.each([
    [
      'a value that is not a boolean',
      { value: 'yes', evidences: [] },
      /payload\.value is not a boolean \(it is string "yes"\)/,
    ],
    [
      'evidences that are not an array',
      { value: true, evidences: { a: 1 } },
      /payload\.evidences \(the evidences\) is not an array/,
    ],
    [
      'an evidence that is not an object',
      { value: true, evidences: [1] },
      /payload\.evidences\[0\] is not an object/,
    ],
    ['missing evidences', { value: true }, /msg\.payload\.evidences is missing/],
  ])('%s answers 500 with the message and raises a node error', async (_what, payload, pattern) => {
    const { sent, msg } = fakeRes();
    const run = await runNode(controlResult, node(), msg(payload));
    expect(sent.status).toBe(500);
    expect((sent.body as { message: string }).message).toMatch(pattern);
    expect(run.errors[0]).toMatch(pattern);
    expect(run.outputs[0]).toBeUndefined();
    expect(lastStatus(run)).toMatchObject({ fill: 'red', shape: 'ring' });
  });
});
