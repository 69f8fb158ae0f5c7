// status-filter: keeps the items of an array whose field compares true with a value
// (e.g. state = closed, additions > 100, labels contains bug).
import { defineNode } from '../lib/define';
import { matcher, type MatchConfig } from '../lib/match';
import { setProp } from '../lib/props';
import type { NodeAPI } from '../types';

export type FilterConfig = MatchConfig;

export default function register(RED: NodeAPI): void {
  defineNode<FilterConfig>(RED, {
    type: 'status-filter',
    setup({ config, typed }) {
      // The filtered list replaces the input unless another output is configured.
      const match = matcher(RED, config, typed);
      return (msg) => {
        const { items, matches } = match.prepare(msg);
        setProp(RED, msg, match.output, items.filter(matches));
        return msg;
      };
    },
  });
}
