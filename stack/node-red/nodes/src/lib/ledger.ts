// The blockchain ledger middleware contract (issue 10, stack-spec "blockchain ledger endpoint"):
//   node start  → POST http://$STATUS_LEDGER_ENDPOINT/chaincode/up/<package>/<node>
//   per message → POST http://$STATUS_LEDGER_ENDPOINT/chaincode/transaction/<package>/<node>/<node id>
//                 body { msg, config }; the answer is the message to send on.
import { httpCall, excerpt } from './http';
import type { NodeDef, NodeMessage } from '../types';

/** `<package>` in the ledger paths: every STATUS node is chaincode of this package. */
export const LEDGER_PACKAGE = 'status';

export interface Ledger {
  endpoint: string;
  up(nodeType: string): Promise<void>;
  transaction(nodeType: string, nodeId: string, msg: NodeMessage, config: NodeDef): Promise<unknown>;
}

/** The ledger from STATUS_LEDGER_ENDPOINT (`host:port` or a URL), or undefined: run locally. */
export function ledgerFromEnv(env: Record<string, string | undefined>): Ledger | undefined {
  const raw = env.STATUS_LEDGER_ENDPOINT?.trim();
  if (!raw) return undefined;
  const base = (/^https?:\/\//.test(raw) ? raw : `http://${raw}`).replace(/\/+$/, '');
  const post = async (path: string, body: unknown, what: string): Promise<unknown> => {
    let answer;
    try {
      answer = await httpCall({ method: 'POST', url: `${base}${path}`, body, timeoutMs: 30_000 });
    } catch (err) {
      throw new Error(
        `Ledger ${raw} unreachable (${what}): ${(err as Error).message}. Check the ledger service or unset STATUS_LEDGER_ENDPOINT.`,
      );
    }
    if (answer.statusCode < 200 || answer.statusCode > 299)
      throw new Error(`Ledger ${raw} refused ${what}: HTTP ${answer.statusCode} ${excerpt(answer.body)}`);
    return answer.body;
  };
  return {
    endpoint: raw,
    async up(nodeType) {
      await post(
        `/chaincode/up/${LEDGER_PACKAGE}/${encodeURIComponent(nodeType)}`,
        {},
        `starting chaincode ${nodeType}`,
      );
    },
    async transaction(nodeType, nodeId, msg, config) {
      const path = `/chaincode/transaction/${LEDGER_PACKAGE}/${encodeURIComponent(nodeType)}/${encodeURIComponent(nodeId)}`;
      return post(path, { msg, config }, `the transaction of ${nodeType} ${nodeId}`);
    },
  };
}
