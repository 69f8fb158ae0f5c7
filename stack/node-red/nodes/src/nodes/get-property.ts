// status-get-property: copies one property (a path like `payload.a.b[0].c`) to the output property;
// a missing property is an error unless a default is configured.
import { defineNode } from '../lib/define';
import { getProp, setProp, text } from '../lib/props';
import type { NodeAPI, NodeDef } from '../types';

export interface GetPropertyConfig extends NodeDef {
  property?: string;
  output?: string;
  /** JSON used when the property is missing; empty → missing is an error. */
  fallback?: string;
}

export default function register(RED: NodeAPI): void {
  defineNode<GetPropertyConfig>(RED, {
    type: 'status-get-property',
    setup({ config }) {
      const property = text(config, 'property');
      if (!property) throw new Error('property is empty: set a path such as payload.items[0].name');
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
}
