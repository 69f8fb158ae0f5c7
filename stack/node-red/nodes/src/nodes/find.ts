// status-find: the first item of an array whose field compares true with a value, or null when
// there is none.
import { condition, type MatchConfig } from '../lib/match';
import { defineTransform } from '../lib/transform';

export type FindConfig = MatchConfig;

export default defineTransform<FindConfig, 'array'>({
  type: 'status-find',
  input: 'array',
  defaultOutput: 'payload',
  setup(ctx) {
    const match = condition(ctx);
    return (items, msg) => items.find(match.test(msg)) ?? null;
  },
});
