// Ledger mode (STATUS_LEDGER_ENDPOINT set) against a stub that implements the ledger contract.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import compare from '../nodes/compare';
import controlResult from '../nodes/control-result';
import { deadUrl, startServer, type TestServer } from '../test-support/http-server';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import type { NodeMessage } from '../types';

let ledger: TestServer;
let refuse = false;
beforeAll(async () => {
  ledger = await startServer((req) => {
    if (refuse) return { status: 500, body: { message: 'chaincode crashed' } };
    if (req.url.startsWith('/chaincode/up/')) return { body: { up: true } };
    const { msg, config } = req.body as { msg: NodeMessage; config: { type: string } };
    if (config.type === 'status-control-result')
      return {
        body: {
          ...msg,
          payload: { value: true, evidences: [{ result: true, by: 'ledger' }], scope: { from: 'ledger' } },
        },
      };
    return {
      body: {
        ...msg,
        payload: { computedBy: 'ledger', input: msg.payload, sawHttp: 'req' in msg || 'res' in msg },
      },
    };
  });
});
afterAll(() => ledger.close());
afterEach(async () => {
  delete process.env.STATUS_LEDGER_ENDPOINT;
  refuse = false;
  ledger.requests.length = 0;
  await helper.unload();
});

describe('ledger mode', () => {
  it('starts the chaincode, sends each message as { msg, config } and sends on what the ledger answers, with req/res kept', async () => {
    process.env.STATUS_LEDGER_ENDPOINT = ledger.url.replace('http://', '');
    const req = { headers: {}, body: {} };
    const run = await runNode(
      compare,
      { type: 'status-compare', property: 'payload', operator: 'gt', value: '1', valueType: 'num' },
      { payload: 5, req },
    );
    expect(ledger.requests[0]).toMatchObject({ method: 'POST', url: '/chaincode/up/status/status-compare' });
    const tx = ledger.requests[1]!;
    expect(tx.url).toBe('/chaincode/transaction/status/status-compare/n1');
    expect(tx.body).toMatchObject({
      msg: { payload: 5 },
      config: { id: 'n1', type: 'status-compare', operator: 'gt', value: '1' },
    });
    expect(run.outputs[0]).toMatchObject({ payload: { computedBy: 'ledger', input: 5, sawHttp: false } });
    expect(run.outputs[0]?.req).toBe(req);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it("the control result still answers the backend's request with the ledger's result", async () => {
    process.env.STATUS_LEDGER_ENDPOINT = ledger.url;
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      status: (c: number) => ((sent.status = c), res),
      json: (b: unknown) => ((sent.body = b), res),
    };
    await runNode(
      controlResult,
      { type: 'status-control-result' },
      { payload: {}, req: { headers: {}, body: {} }, res: { _res: res } },
    );
    expect(sent).toEqual({
      status: 200,
      body: { value: true, evidences: [{ result: true, by: 'ledger' }], scope: { from: 'ledger' } },
    });
  });

  it('an unreachable ledger is a node error and a red status, never a silent pass', async () => {
    const dead = await deadUrl();
    process.env.STATUS_LEDGER_ENDPOINT = dead.replace('http://', '');
    const run = await runNode(
      compare,
      { type: 'status-compare', property: 'payload', operator: 'gt', value: '1', valueType: 'num' },
      { payload: 5 },
    );
    expect(run.outputs[0]).toBeUndefined();
    expect(run.errors.at(-1)).toMatch(
      /^Ledger 127\.0\.0\.1:\d+ unreachable .*ECONNREFUSED.*unset STATUS_LEDGER_ENDPOINT/,
    );
    expect(lastStatus(run)).toMatchObject({ fill: 'red', shape: 'ring' });
  });

  it('a ledger answering non-2xx is a node error naming the status', async () => {
    process.env.STATUS_LEDGER_ENDPOINT = ledger.url;
    refuse = true;
    const run = await runNode(
      compare,
      { type: 'status-compare', property: 'payload', operator: 'gt', value: '1', valueType: 'num' },
      { payload: 5 },
    );
    expect(run.outputs[0]).toBeUndefined();
    expect(run.errors.at(-1)).toMatch(/refused the transaction of status-compare n1: HTTP 500/);
  });
});
