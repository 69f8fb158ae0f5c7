// status-compare: a msg property compared with a value or another property (<, ≤, =, ≠, ≥, >); the
// boolean goes to the output property. A missing left side is an error, not a silent false.
import { defineNode } from '../lib/define';
import { compare, ORDERING } from '../lib/operators';
import { need, oneOf, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface CompareConfig extends NodeDef {
  property?: string;
  operator?: string;
  value?: string;
  valueType?: string;
  output?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<CompareConfig>(RED, {
    type: 'status-compare',
    setup({ config, typed }) {
      const property = text(config, 'property', 'payload');
      const operator = oneOf(config, 'operator', ORDERING, 'eq');
      const output = text(config, 'output', 'payload');
      return (msg) => {
        const left = need(RED, msg, property);
        const right = typed(config.value, config.valueType, msg);
        if (right === undefined) throw new Error(`The value to compare msg.${property} with is missing`);
        setProp(RED, msg, output, compare(left, operator, right));
        return msg;
      };
    },
  });
}
