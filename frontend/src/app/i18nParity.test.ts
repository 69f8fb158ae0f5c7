import { describe, expect, it } from 'vitest';
import { messages as account } from '../features/account/messages';
import { messages as admin } from '../features/admin/messages';
import { messages as auth } from '../features/auth/messages';
import { common } from '../i18n/common';
import type { MessageTree } from '../i18n';

/** Every leaf key of a message tree with its {{placeholders}}. */
function leaves(tree: MessageTree, prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
    else Object.assign(out, leaves(v, key));
  }
  return out;
}

describe.each([
  ['common', common as unknown as { en: MessageTree; es: MessageTree }],
  ['auth', auth],
  ['account', account],
  ['admin', admin],
])('%s messages', (_name, m) => {
  it('have the same keys and placeholders in English and Spanish', () => {
    expect(leaves(m.es)).toEqual(leaves(m.en));
  });
});
