// status-period-filter: keeps the items of an array whose date field lies within the computation's
// period [from, to] — by default the msg.payload.from / msg.payload.to the backend sends with a run.
import { defineNode } from '../lib/define';
import { describe, field, need, needArray, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface PeriodFilterConfig extends NodeDef {
  property?: string;
  /** The item's date field (ISO string or epoch ms), e.g. `merged_at`. */
  field?: string;
  fromProperty?: string;
  toProperty?: string;
  output?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<PeriodFilterConfig>(RED, {
    type: 'status-period-filter',
    setup({ config }) {
      const property = text(config, 'property', 'payload');
      const key = text(config, 'field');
      if (!key) throw new Error('field is empty: set the date field of the items, e.g. created_at');
      const fromProperty = text(config, 'fromProperty', 'payload.from');
      const toProperty = text(config, 'toProperty', 'payload.to');
      const output = text(config, 'output', property);
      const instant = (path: string, value: unknown): number => {
        const t = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
        if (!Number.isFinite(t)) throw new Error(`msg.${path} is not a date (it is ${describe(value)})`);
        return t;
      };
      return (msg) => {
        const items = needArray(RED, msg, property);
        const from = instant(fromProperty, need(RED, msg, fromProperty));
        const to = instant(toProperty, need(RED, msg, toProperty));
        const kept = items.filter((item) => {
          const v = field(RED, item, key);
          const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
          return Number.isFinite(t) && t >= from && t <= to;
        });
        setProp(RED, msg, output, kept);
        return msg;
      };
    },
  });
}
