// status-aggregate: count / sum / average / ratio of an array. count and ratio may take a condition
// (field operator value); ratio = matching items / all items. Sum/average read a numeric field and
// reject non-numbers; average and ratio of an empty array are null (nothing to measure).
import { condition, type MatchConfig } from '../lib/match';
import { describe, field, oneOf } from '../lib/props';
import { defineTransform } from '../lib/transform';

export interface AggregateConfig extends MatchConfig {
  operation?: string;
}

export default defineTransform<AggregateConfig, 'array'>({
  type: 'status-aggregate',
  input: 'array',
  defaultOutput: 'payload',
  setup(ctx) {
    const operation = oneOf(ctx.config, 'operation', ['count', 'sum', 'average', 'ratio'] as const, 'count');
    const match = condition(ctx, { optional: true });
    if (operation === 'ratio' && !match.given)
      throw new Error('ratio needs a condition (field, operator, value)');
    const { key } = match;
    return (items, msg): number | null => {
      if (operation === 'count') return items.filter(match.test(msg)).length;
      if (operation === 'ratio')
        return items.length ? items.filter(match.test(msg)).length / items.length : null;
      const numbers = items.map((item, i) => {
        const v = field(ctx.RED, item, key);
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
        if (!Number.isFinite(n))
          throw new Error(
            `msg.${ctx.property}[${i}]${key ? `.${key}` : ''} is not a number (it is ${describe(v)})`,
          );
        return n;
      });
      const sum = numbers.reduce((a, b) => a + b, 0);
      return operation === 'sum' ? sum : numbers.length ? sum / numbers.length : null;
    };
  },
});
