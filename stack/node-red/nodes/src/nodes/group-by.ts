// status-group-by: an array grouped by a field, as an object { <field value>: items[] } or as a list
// [{ key, count, items }]; items without the field go under "(none)".
import { defineNode } from '../lib/define';
import { field, needArray, oneOf, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface GroupByConfig extends NodeDef {
  property?: string;
  field?: string;
  shape?: string;
  output?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<GroupByConfig>(RED, {
    type: 'status-group-by',
    setup({ config }) {
      const property = text(config, 'property', 'payload');
      const key = text(config, 'field');
      if (!key) throw new Error('field is empty: set the field to group by, e.g. user.login');
      const shape = oneOf(config, 'shape', ['object', 'list'] as const, 'object');
      const output = text(config, 'output', 'payload');
      return (msg) => {
        const groups = new Map<string, unknown[]>();
        for (const item of needArray(RED, msg, property)) {
          const v = field(RED, item, key);
          const k =
            v === undefined || v === null || v === ''
              ? '(none)'
              : typeof v === 'object'
                ? JSON.stringify(v)
                : String(v);
          const list = groups.get(k) ?? [];
          list.push(item);
          groups.set(k, list);
        }
        const result =
          shape === 'object'
            ? Object.fromEntries(groups)
            : [...groups].map(([k, items]) => ({ key: k, count: items.length, items }));
        setProp(RED, msg, output, result);
        return msg;
      };
    },
  });
}
