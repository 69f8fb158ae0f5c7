// Every string of F-C's features exists in English and Spanish, with the same interpolations.
import { describe, expect, it } from 'vitest';
import type { MessageTree } from '../i18n';
import { messages as assistant } from '../features/assistant/messages';
import { messages as dashboards } from '../features/dashboards/messages';
import { messages as mashups } from '../features/mashups/messages';
import { messages as scopes } from '../features/catalogs/scopes/messages';
import { messages as scripts } from '../features/scripts/messages';
import { messages as secrets } from '../features/secrets/messages';

function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries({ assistant, dashboards, mashups, scopes, scripts, secrets }))(
  '%s messages',
  (_, m) => {
    it('has the same keys and placeholders in en and es, none empty', () => {
      const en = flatten(m.en);
      const es = flatten(m.es);
      expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [k, v] of en) {
        expect(v.trim(), k).not.toBe('');
        expect(vars(es.get(k)!), k).toEqual(vars(v));
      }
    });
  },
);
