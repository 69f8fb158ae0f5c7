// status-aggregate: count / sum / average / ratio of an array. count and ratio may take a condition
// (field operator value); ratio = matching items / all items. Sum/average read a numeric field and
// reject non-numbers; average and ratio of an empty array are null (nothing to measure).
import { defineNode } from '../lib/define';
import { compare, OPERATORS } from '../lib/operators';
import { describe, field, needArray, oneOf, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface AggregateConfig extends NodeDef {
  operation?: string;
  property?: string;
  field?: string;
  /** Condition for count/ratio: empty operator → every item counts. */
  operator?: string;
  value?: string;
  valueType?: string;
  output?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<AggregateConfig>(RED, {
    type: 'status-aggregate',
    setup({ config, typed }) {
      const operation = oneOf(config, 'operation', ['count', 'sum', 'average', 'ratio'] as const, 'count');
      const property = text(config, 'property', 'payload');
      const key = text(config, 'field');
      const operator = text(config, 'operator') ? oneOf(config, 'operator', OPERATORS, 'eq') : undefined;
      if (operation === 'ratio' && !operator)
        throw new Error('ratio needs a condition (field, operator, value)');
      const output = text(config, 'output', 'payload');
      return (msg) => {
        const items = needArray(RED, msg, property);
        const value = typed(config.value, config.valueType, msg);
        const matches = (item: unknown) => !operator || compare(field(RED, item, key), operator, value);
        let result: number | null;
        if (operation === 'count') result = items.filter(matches).length;
        else if (operation === 'ratio')
          result = items.length ? items.filter(matches).length / items.length : null;
        else {
          const numbers = items.map((item, i) => {
            const v = field(RED, item, key);
            const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
            if (!Number.isFinite(n))
              throw new Error(
                `msg.${property}[${i}]${key ? `.${key}` : ''} is not a number (it is ${describe(v)})`,
              );
            return n;
          });
          const sum = numbers.reduce((a, b) => a + b, 0);
          result = operation === 'sum' ? sum : numbers.length ? sum / numbers.length : null;
        }
        setProp(RED, msg, output, result);
        return msg;
      };
    },
  });
}
