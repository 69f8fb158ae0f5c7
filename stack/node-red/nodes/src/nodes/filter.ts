// status-filter: keeps the items of an array whose field compares true with a value
// (e.g. state = closed, additions > 100, labels contains bug).
import { defineNode } from '../lib/define';
import { compare, OPERATORS } from '../lib/operators';
import { field, needArray, oneOf, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface FilterConfig extends NodeDef {
  property?: string;
  field?: string;
  operator?: string;
  value?: string;
  valueType?: string;
  output?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<FilterConfig>(RED, {
    type: 'status-filter',
    setup({ config, typed }) {
      const property = text(config, 'property', 'payload');
      const key = text(config, 'field');
      const operator = oneOf(config, 'operator', OPERATORS, 'eq');
      const output = text(config, 'output', property);
      return (msg) => {
        const items = needArray(RED, msg, property);
        const value = typed(config.value, config.valueType, msg);
        setProp(
          RED,
          msg,
          output,
          items.filter((item) => compare(field(RED, item, key), operator, value)),
        );
        return msg;
      };
    },
  });
}
