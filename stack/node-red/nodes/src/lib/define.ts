// The one wrapper every STATUS node goes through: status while it works, every failure (sync or
// async) reported with node.error(message, msg) and a red ring — never an uncaught exception — and
// the ledger mode (STATUS_LEDGER_ENDPOINT set: the ledger computes each message instead of the node).
import { ledgerFromEnv } from './ledger';
import type { Node, NodeAPI, NodeDef, NodeMessage, SendOutput } from '../types';

export interface NodeContext<C extends NodeDef> {
  RED: NodeAPI;
  node: Node;
  config: C;
  /** The value of a typed-input field (`str`, `num`, `bool`, `json`, `msg`, `env`) for this message. */
  typed(value: unknown, type: unknown, msg: NodeMessage): unknown;
}

export interface NodeSpec<C extends NodeDef> {
  type: string;
  credentials?: Record<string, { type: 'text' | 'password' }>;
  /** Status text while a message is processed ("requesting…" for network nodes). */
  busyText?: string;
  /** Builds the per-message handler once; a throw here marks the node as misconfigured. */
  setup(ctx: NodeContext<C>): (msg: NodeMessage) => SendOutput | Promise<SendOutput>;
  /** Runs locally on the result in both modes (the control result answers its HTTP request here). */
  after?(ctx: NodeContext<C>, out: SendOutput, original: NodeMessage): void;
  /** Runs locally when processing failed (the control result answers 500 here). */
  onError?(ctx: NodeContext<C>, message: string, msg: NodeMessage): void;
}

/** What a node module exports: Node-RED calls it with its API when it loads the module. */
export type Register = (RED: NodeAPI) => void;

export function defineNode<C extends NodeDef>(spec: NodeSpec<C>): Register {
  return (RED) =>
    RED.nodes.registerType(
      spec.type,
      function (this: Node, def: NodeDef) {
        RED.nodes.createNode(this, def);
        // The closures below outlive this constructor call; they need the node itself.
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        const node = this;
        const config = def as C;
        const ctx: NodeContext<C> = {
          RED,
          node,
          config,
          typed: (value, type, msg) =>
            RED.util.evaluateNodeProperty(String(value ?? ''), String(type || 'str'), node, msg),
        };
        let handler: ((msg: NodeMessage) => SendOutput | Promise<SendOutput>) | undefined;
        try {
          handler = spec.setup(ctx);
        } catch (err) {
          const message = `${spec.type} is misconfigured: ${errorMessage(err)}`;
          node.error(message);
          node.status({ fill: 'red', shape: 'ring', text: short(message) });
        }
        const ledger = ledgerFromEnv(process.env);
        if (ledger) {
          node.status({ fill: 'grey', shape: 'ring', text: `ledger ${ledger.endpoint}` });
          ledger.up(spec.type).catch((err: unknown) => {
            node.error(errorMessage(err));
            node.status({ fill: 'red', shape: 'ring', text: 'ledger unreachable' });
          });
        }

        node.on('input', (msg, send, done) => {
          const run = async (): Promise<SendOutput> => {
            if (!handler)
              throw new Error(
                `${spec.type} is misconfigured; fix its settings in the editor and deploy again`,
              );
            if (!ledger) return handler(msg);
            const answer = await ledger.transaction(spec.type, node.id, withoutHttp(msg), config);
            return fromLedger(answer, msg);
          };
          node.status({ fill: 'blue', shape: 'ring', text: spec.busyText ?? 'working…' });
          run()
            .then((out) => {
              spec.after?.(ctx, out, msg);
              node.status({ fill: 'green', shape: 'dot', text: 'done' });
              if (out !== null) send(out);
              done();
            })
            .catch((err: unknown) => {
              const message = errorMessage(err);
              try {
                spec.onError?.(ctx, message, msg);
              } catch {
                // the error below is what matters
              }
              node.status({ fill: 'red', shape: 'ring', text: short(message) });
              node.error(message, msg);
              done();
            });
        });
      },
      spec.credentials ? { credentials: spec.credentials } : undefined,
    );
}

/** The message without its HTTP request/response (not serialisable, and not the ledger's business). */
function withoutHttp(msg: NodeMessage): NodeMessage {
  const { req: _req, res: _res, ...rest } = msg;
  return rest;
}

/** The ledger's answer as the message(s) to send, with the original req/res put back. */
function fromLedger(answer: unknown, original: NodeMessage): SendOutput {
  const restore = (m: unknown): NodeMessage | null => {
    if (m === null) return null;
    if (typeof m !== 'object' || Array.isArray(m))
      throw new Error(`The ledger answered ${JSON.stringify(m)?.slice(0, 100)} instead of a message object`);
    const out = { ...(m as NodeMessage) };
    if (original.req) out.req = original.req;
    if (original.res) out.res = original.res;
    return out;
  };
  return Array.isArray(answer) ? answer.map(restore) : restore(answer);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
