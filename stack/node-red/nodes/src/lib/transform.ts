// The shape of most STATUS transforms: read the msg property `property` (an array, or any value that
// must be there), compute a result from it, put the result in the msg property `output` and send the
// message on. The reading, the errors naming the property and the writing are done here, once.
import { defineNode, type NodeContext, type Register } from './define';
import { need, needArray, setProp, text, type PropertyConfig } from './props';
import type { NodeMessage } from '../types';

interface Inputs {
  /** `property` must hold an array. */
  array: unknown[];
  /** `property` must hold a value (anything but undefined). */
  value: unknown;
}

export interface TransformContext<C extends PropertyConfig> extends NodeContext<C> {
  /** The input msg property (default `payload`), for error messages. */
  property: string;
}

export interface TransformSpec<C extends PropertyConfig, I extends keyof Inputs> {
  type: string;
  input: I;
  /** Where the result goes when `output` is not set: `payload`, or back into the input property. */
  defaultOutput: 'payload' | 'property';
  /** Builds the computation once (a throw marks the node as misconfigured). */
  setup(ctx: TransformContext<C>): (input: Inputs[I], msg: NodeMessage) => unknown;
}

export function defineTransform<C extends PropertyConfig, I extends keyof Inputs>(
  spec: TransformSpec<C, I>,
): Register {
  return defineNode<C>({
    type: spec.type,
    setup(ctx) {
      const { RED, config } = ctx;
      const property = text(config, 'property', 'payload');
      const output = text(config, 'output', spec.defaultOutput === 'property' ? property : 'payload');
      const compute = spec.setup({ ...ctx, property });
      const read = (msg: NodeMessage) =>
        (spec.input === 'array' ? needArray(RED, msg, property) : need(RED, msg, property)) as Inputs[I];
      return (msg) => {
        setProp(RED, msg, output, compute(read(msg), msg));
        return msg;
      };
    },
  });
}
