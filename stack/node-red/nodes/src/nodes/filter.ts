// status-filter: keeps the items of an array whose field compares true with a value
// (e.g. state = closed, additions > 100, labels contains bug).
import { condition, type MatchConfig } from '../lib/match';
import { defineTransform } from '../lib/transform';

export type FilterConfig = MatchConfig;

export default defineTransform<FilterConfig, 'array'>({
  type: 'status-filter',
  input: 'array',
  // The filtered list replaces the input unless another output is configured.
  defaultOutput: 'property',
  setup(ctx) {
    const match = condition(ctx);
    return (items, msg) => items.filter(match.test(msg));
  },
});
