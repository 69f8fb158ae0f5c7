// status-get-property: copies one property (a path like `payload.a.b[0].c`) to the output property;
// a missing property is an error unless a default is configured.
import { defineNode } from '../lib/define';
import { getProp, required, setProp, text, type PropertyConfig } from '../lib/props';

export interface GetPropertyConfig extends PropertyConfig {
  /** JSON used when the property is missing; empty → missing is an error. */
  fallback?: string;
}

export default defineNode<GetPropertyConfig>({
  type: 'status-get-property',
  setup({ RED, config }) {
    const property = required(config, 'property', 'a path such as payload.items[0].name');
    const output = text(config, 'output', 'payload');
    const raw = text(config, 'fallback');
    let fallback: unknown;
    if (raw) {
      try {
        fallback = JSON.parse(raw);
      } catch {
        throw new Error(`the default value ${raw} is not JSON (quote strings: "text")`);
      }
    }
    return (msg) => {
      let value = getProp(RED, msg, property);
      if (value === undefined) {
        if (!raw) throw new Error(`msg.${property} is missing`);
        value = fallback;
      }
      setProp(RED, msg, output, value);
      return msg;
    };
  },
});
