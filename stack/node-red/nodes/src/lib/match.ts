// What "filter by" and "find object" share: the items of an array property, and a test of each
// item's field against a value with one of the operators (the value may be a msg property or env).
import { compare, OPERATORS } from './operators';
import { field, needArray, oneOf, text } from './props';
import type { NodeContext } from './define';
import type { NodeAPI, NodeDef, NodeMessage } from '../types';

export interface MatchConfig extends NodeDef {
  property?: string;
  field?: string;
  operator?: string;
  value?: string;
  valueType?: string;
  output?: string;
}

export interface Matcher {
  /** Where the result goes: configured, else `defaultOutput`, else the input property itself. */
  output: string;
  /** The input array and the test of one of its items, for this message. */
  prepare(msg: NodeMessage): { items: unknown[]; matches: (item: unknown) => boolean };
}

export function matcher(
  RED: NodeAPI,
  config: MatchConfig,
  typed: NodeContext<MatchConfig>['typed'],
  defaultOutput?: string,
): Matcher {
  const property = text(config, 'property', 'payload');
  const key = text(config, 'field');
  const operator = oneOf(config, 'operator', OPERATORS, 'eq');
  return {
    output: text(config, 'output', defaultOutput ?? property),
    prepare(msg) {
      const items = needArray(RED, msg, property);
      const value = typed(config.value, config.valueType, msg);
      return { items, matches: (item) => compare(field(RED, item, key), operator, value) };
    },
  };
}
