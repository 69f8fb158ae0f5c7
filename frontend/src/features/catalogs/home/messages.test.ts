import { expect, it } from 'vitest';
import { messages } from './messages';

const keys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

it('has every English key in Spanish and no extra one', () => {
  expect(keys(messages.es).sort()).toEqual(keys(messages.en).sort());
});
