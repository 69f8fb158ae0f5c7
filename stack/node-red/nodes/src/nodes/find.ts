// status-find: the first item of an array whose field compares true with a value, or null (status
// "no match") when there is none.
import { defineNode } from '../lib/define';
import { matcher, type MatchConfig } from '../lib/match';
import { setProp } from '../lib/props';
import type { NodeAPI } from '../types';

export type FindConfig = MatchConfig;

export default function register(RED: NodeAPI): void {
  defineNode<FindConfig>(RED, {
    type: 'status-find',
    setup({ config, typed }) {
      const match = matcher(RED, config, typed, 'payload');
      return (msg) => {
        const { items, matches } = match.prepare(msg);
        setProp(RED, msg, match.output, items.find(matches) ?? null);
        return msg;
      };
    },
  });
}
