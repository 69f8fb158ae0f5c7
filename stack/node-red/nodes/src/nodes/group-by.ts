// status-group-by: an array grouped by a field, as an object { <field value>: items[] } or as a list
// [{ key, count, items }]; items without the field go under "(none)".
import { field, oneOf, required, type PropertyConfig } from '../lib/props';
import { defineTransform } from '../lib/transform';

export interface GroupByConfig extends PropertyConfig {
  field?: string;
  shape?: string;
}

export default defineTransform<GroupByConfig, 'array'>({
  type: 'status-group-by',
  input: 'array',
  defaultOutput: 'payload',
  setup({ RED, config }) {
    const key = required(config, 'field', 'the field to group by, e.g. user.login');
    const shape = oneOf(config, 'shape', ['object', 'list'] as const, 'object');
    return (items) => {
      const groups = new Map<string, unknown[]>();
      for (const item of items) {
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
      return shape === 'object'
        ? Object.fromEntries(groups)
        : [...groups].map(([k, group]) => ({ key: k, count: group.length, items: group }));
    };
  },
});
