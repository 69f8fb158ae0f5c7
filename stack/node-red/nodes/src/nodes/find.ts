// status-find: the first item of an array whose field compares true with a value, or null (status
// "no match") when there is none.
import { defineNode } from '../lib/define';
import { compare, OPERATORS } from '../lib/operators';
import { field, needArray, oneOf, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface FindConfig extends NodeDef {
  property?: string;
  field?: string;
  operator?: string;
  value?: string;
  valueType?: string;
  output?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<FindConfig>(RED, {
    type: 'status-find',
    setup({ config, typed }) {
      const property = text(config, 'property', 'payload');
      const key = text(config, 'field');
      const operator = oneOf(config, 'operator', OPERATORS, 'eq');
      const output = text(config, 'output', 'payload');
      return (msg) => {
        const items = needArray(RED, msg, property);
        const value = typed(config.value, config.valueType, msg);
        const found = items.find((item) => compare(field(RED, item, key), operator, value));
        setProp(RED, msg, output, found ?? null);
        return msg;
      };
    },
  });
}
