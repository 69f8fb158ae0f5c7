// status-period-filter: keeps the items of an array whose date field lies within the computation's
// period [from, to] — by default the msg.payload.from / msg.payload.to the backend sends with a run.
import { describe, field, need, required, text, type PropertyConfig } from '../lib/props';
import { defineTransform } from '../lib/transform';
import type { NodeMessage } from '../types';

export interface PeriodFilterConfig extends PropertyConfig {
  /** The item's date field (ISO string or epoch ms), e.g. `merged_at`. */
  field?: string;
  fromProperty?: string;
  toProperty?: string;
}

/** An ISO date or epoch milliseconds as epoch milliseconds; NaN for anything else. */
function instant(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
}

export default defineTransform<PeriodFilterConfig, 'array'>({
  type: 'status-period-filter',
  input: 'array',
  // The kept items replace the input unless another output is configured.
  defaultOutput: 'property',
  setup({ RED, config }) {
    const key = required(config, 'field', 'the date field of the items, e.g. created_at');
    const fromProperty = text(config, 'fromProperty', 'payload.from');
    const toProperty = text(config, 'toProperty', 'payload.to');
    const bound = (msg: NodeMessage, path: string): number => {
      const value = need(RED, msg, path);
      const t = instant(value);
      if (!Number.isFinite(t)) throw new Error(`msg.${path} is not a date (it is ${describe(value)})`);
      return t;
    };
    return (items, msg) => {
      const from = bound(msg, fromProperty);
      const to = bound(msg, toProperty);
      return items.filter((item) => {
        const t = instant(field(RED, item, key));
        return Number.isFinite(t) && t >= from && t <= to;
      });
    };
  },
});
