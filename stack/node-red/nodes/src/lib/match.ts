// The condition "filter by", "find object" and "count / sum / average" test array items with: an
// item's field against a value with one of the operators (the value may be a msg property or env).
import { compare, OPERATORS } from './operators';
import { field, oneOf, text, type PropertyConfig, type ValueConfig } from './props';
import type { NodeContext } from './define';
import type { NodeMessage } from '../types';

export interface MatchConfig extends PropertyConfig, ValueConfig {
  field?: string;
  /** Empty: eq, or no condition at all where the condition is optional. */
  operator?: string;
}

export interface Condition {
  /** The items' field tested: empty → the item itself. */
  key: string;
  /** Whether there is a condition (always, unless it is optional and no operator is set). */
  given: boolean;
  /** The test of one item, for this message (the value is read from it). */
  test(msg: NodeMessage): (item: unknown) => boolean;
}

/** `optional`: an empty operator means every item matches (aggregate's count) instead of eq. */
export function condition(
  { RED, config, typed }: NodeContext<MatchConfig>,
  { optional = false } = {},
): Condition {
  const key = text(config, 'field');
  const operator =
    optional && !text(config, 'operator') ? undefined : oneOf(config, 'operator', OPERATORS, 'eq');
  return {
    key,
    given: operator !== undefined,
    test(msg) {
      if (!operator) return () => true;
      const value = typed(config.value, config.valueType, msg);
      return (item) => compare(field(RED, item, key), operator, value);
    },
  };
}
