// Runs one STATUS node in a real Node-RED runtime (node-red-node-test-helper): loads it with a
// helper node on each output, sends one message and collects outputs, node errors and statuses.
import helper from 'node-red-node-test-helper';
import type { NodeAPI, NodeMessage, NodeStatus } from '../types';

export { helper };

export interface NodeRun {
  /** The message each output sent (undefined: nothing on that output). */
  outputs: (NodeMessage | undefined)[];
  errors: string[];
  /** The message passed with each node.error (for catch nodes). */
  errorMsgs: (NodeMessage | undefined)[];
  statuses: NodeStatus[];
  warnings: string[];
}

export interface RunOptions {
  credentials?: Record<string, string>;
  outputs?: number;
  /** How long to wait for an output or an error. */
  timeoutMs?: number;
}

type Register = (RED: NodeAPI) => void;

export async function runNode(
  register: Register,
  config: Record<string, unknown> & { type: string },
  msg: NodeMessage,
  opts: RunOptions = {},
): Promise<NodeRun> {
  const outputs = opts.outputs ?? 1;
  const flow = [
    { id: 'n1', name: '', ...config, wires: Array.from({ length: outputs }, (_, i) => [`out${i}`]) },
    ...Array.from({ length: outputs }, (_, i) => ({ id: `out${i}`, type: 'helper' })),
  ];
  await helper.load(register, flow, opts.credentials ? { n1: opts.credentials } : {});
  const run: NodeRun = { outputs: [], errors: [], errorMsgs: [], statuses: [], warnings: [] };
  const n1 = helper.getNode('n1');
  await new Promise<void>((resolve) => {
    const finish = () => setTimeout(resolve, 20); // let the final status land
    const timer = setTimeout(resolve, opts.timeoutMs ?? 5000);
    n1.on('call:status', (call: { args: [NodeStatus] }) => run.statuses.push(call.args[0]));
    n1.on('call:warn', (call: { args: [unknown] }) => run.warnings.push(String(call.args[0])));
    n1.on('call:error', (call: { args: [unknown, NodeMessage?] }) => {
      run.errors.push(String(call.args[0]));
      run.errorMsgs.push(call.args[1]);
      clearTimeout(timer);
      finish();
    });
    for (let i = 0; i < outputs; i++)
      helper.getNode(`out${i}`).on('input', (m: NodeMessage) => {
        run.outputs[i] = m;
        clearTimeout(timer);
        finish();
      });
    n1.receive(msg);
  });
  return run;
}

/** The last status the node showed. */
export function lastStatus(run: NodeRun): NodeStatus | undefined {
  return run.statuses[run.statuses.length - 1];
}
