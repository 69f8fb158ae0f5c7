// status-control-result: the end of every control flow. Builds the backend's run answer
// `{ value, evidences, scope }` (backend/src/features/runs/service.ts) and answers the HTTP request
// the backend made (like Node-RED's `http response` node, through msg.res._res), then sends the msg on.
import { defineNode, type NodeContext } from '../lib/define';
import { describe, getProp, need, oneOf, text } from '../lib/props';
import type { NodeDef, NodeMessage } from '../types';

export interface ControlResultConfig extends NodeDef {
  /** `property` (default): value read from `valueProperty`; `all` / `any`: from the evidences' `result`. */
  valueFrom?: string;
  /** msg property with the boolean value (default `payload.value`). */
  valueProperty?: string;
  /** msg property with the evidences array (default `payload.evidences`). */
  evidencesProperty?: string;
}

export interface ControlAnswer {
  value: boolean;
  evidences: Record<string, unknown>[];
  scope: Record<string, unknown>;
}

export default defineNode<ControlResultConfig>({
  type: 'status-control-result',
  setup({ RED, config }) {
    const valueFrom = oneOf(config, 'valueFrom', ['property', 'all', 'any'] as const, 'property');
    const valueProperty = text(config, 'valueProperty', 'payload.value');
    const evidencesProperty = text(config, 'evidencesProperty', 'payload.evidences');
    return (msg) => {
      const evidences = need(RED, msg, evidencesProperty);
      if (!Array.isArray(evidences))
        throw new Error(
          `msg.${evidencesProperty} (the evidences) is not an array (it is ${describe(evidences)})`,
        );
      evidences.forEach((e, i) => {
        if (e === null || typeof e !== 'object' || Array.isArray(e))
          throw new Error(
            `msg.${evidencesProperty}[${i}] is not an object (it is ${describe(e)}); every evidence must be an object`,
          );
      });
      const results = (evidences as Record<string, unknown>[]).map((e) => e.result === true);
      let value: unknown;
      if (valueFrom === 'all') value = results.every(Boolean);
      else if (valueFrom === 'any') value = results.some(Boolean);
      else value = getProp(RED, msg, valueProperty);
      if (typeof value !== 'boolean')
        throw new Error(`The control value msg.${valueProperty} is not a boolean (it is ${describe(value)})`);
      const answer: ControlAnswer = {
        value,
        evidences: evidences as Record<string, unknown>[],
        scope: scopeOf(msg),
      };
      msg.payload = answer;
      return msg;
    };
  },
  after(_ctx, out, original) {
    const msg = (Array.isArray(out) ? out[0] : out) ?? original;
    if (!original.res) return;
    const answer = msg.payload as Partial<ControlAnswer> | undefined;
    // In ledger mode the answer came from the ledger: check it as strictly as our own.
    if (!answer || typeof answer.value !== 'boolean' || !Array.isArray(answer.evidences))
      throw new Error('The control result is not { value: boolean, evidences: [] }');
    reply(original, 200, {
      value: answer.value,
      evidences: answer.evidences,
      scope: answer.scope ?? scopeOf(original),
    });
  },
  onError(_ctx: NodeContext<ControlResultConfig>, message, msg) {
    reply(msg, 500, { message: `The control flow produced no valid result: ${message}` });
  },
});

/** The scope the backend sent (echoed so a computation keeps it), else msg.scope, else {}. */
function scopeOf(msg: NodeMessage): Record<string, unknown> {
  const body = msg.req?.body as { scope?: unknown } | undefined;
  const scope = body?.scope ?? msg.scope;
  return scope && typeof scope === 'object' && !Array.isArray(scope)
    ? (scope as Record<string, unknown>)
    : {};
}

function reply(msg: NodeMessage, status: number, body: unknown): void {
  const res = msg.res?._res;
  if (!res || res.headersSent) return;
  res.status(status).json(body);
}
