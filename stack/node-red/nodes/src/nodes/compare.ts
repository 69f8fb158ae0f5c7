// status-compare: a msg property compared with a value or another property (<, ≤, =, ≠, ≥, >); the
// boolean goes to the output property. A missing left side is an error, not a silent false.
import { compare, ORDERING } from '../lib/operators';
import { oneOf, type PropertyConfig, type ValueConfig } from '../lib/props';
import { defineTransform } from '../lib/transform';

export interface CompareConfig extends PropertyConfig, ValueConfig {
  operator?: string;
}

export default defineTransform<CompareConfig, 'value'>({
  type: 'status-compare',
  input: 'value',
  defaultOutput: 'payload',
  setup({ config, typed, property }) {
    const operator = oneOf(config, 'operator', ORDERING, 'eq');
    return (left, msg) => {
      const right = typed(config.value, config.valueType, msg);
      if (right === undefined) throw new Error(`The value to compare msg.${property} with is missing`);
      return compare(left, operator, right);
    };
  },
});
