// status-logic: and / or / not / implies over boolean msg properties. and/or take one or more
// properties (comma-separated); a single property holding an array of booleans also works.
// Anything that is not a boolean is an error: a control must not pass on a typo.
import { defineNode } from '../lib/define';
import { describe, need, oneOf, setProp, text } from '../lib/props';
import type { NodeDef } from '../types';

export interface LogicConfig extends NodeDef {
  operator?: string;
  /** Comma-separated msg properties: and/or any number, not one, implies two (a ⇒ b). */
  properties?: string;
  output?: string;
}

export default defineNode<LogicConfig>({
  type: 'status-logic',
  setup({ RED, config }) {
    const operator = oneOf(config, 'operator', ['and', 'or', 'not', 'implies'] as const, 'and');
    const properties = text(config, 'properties', 'payload')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (operator === 'not' && properties.length !== 1) throw new Error('not takes exactly one property');
    if (operator === 'implies' && properties.length !== 2)
      throw new Error('implies takes exactly two properties: the condition, then the consequence');
    const output = text(config, 'output', 'payload');
    return (msg) => {
      const values: boolean[] = [];
      for (const path of properties) {
        const v = need(RED, msg, path);
        const list = Array.isArray(v) && (operator === 'and' || operator === 'or') ? v : [v];
        list.forEach((b, i) => {
          if (typeof b !== 'boolean')
            throw new Error(
              `msg.${path}${Array.isArray(v) ? `[${i}]` : ''} is not a boolean (it is ${describe(b)})`,
            );
          values.push(b);
        });
      }
      let result: boolean;
      if (operator === 'and') result = values.every(Boolean);
      else if (operator === 'or') result = values.some(Boolean);
      else if (operator === 'not') result = !values[0];
      else result = !values[0] || Boolean(values[1]);
      setProp(RED, msg, output, result);
      return msg;
    };
  },
});
