// status-if-else: routes the message to output 1 when the condition holds, else to output 2.
// `true`: the property must be a boolean; `exists`: the property is set and not empty.
import { defineNode } from '../lib/define';
import { describe, getProp, oneOf, text } from '../lib/props';
import type { NodeDef } from '../types';

export interface IfElseConfig extends NodeDef {
  property?: string;
  test?: string;
}

export default defineNode<IfElseConfig>({
  type: 'status-if-else',
  setup({ RED, config }) {
    const property = text(config, 'property', 'payload');
    const test = oneOf(config, 'test', ['true', 'exists'] as const, 'true');
    return (msg) => {
      const v = getProp(RED, msg, property);
      let holds: boolean;
      if (test === 'exists')
        holds = v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length);
      else if (typeof v === 'boolean') holds = v;
      else throw new Error(`msg.${property} is not a boolean (it is ${describe(v)})`);
      return holds ? [msg, null] : [null, msg];
    };
  },
});
