// A scope set is a map scope name → value. The editor works on rows (one per scope), typed by the
// scope's definition: numbers and booleans are stored as such, everything else as text.
import type { Scope, ScopeSet } from '@backend/contract';

export interface SetRow {
  name: string;
  value: string;
}

export type SetValue = string | number | boolean;

export function rowsFromSet(set: Pick<ScopeSet, 'scopes'> | undefined): SetRow[] {
  return Object.entries(set?.scopes ?? {}).map(([name, value]) => ({ name, value: String(value) }));
}

export type RowProblem = { index: number; kind: 'duplicate' | 'badNumber'; name: string };

/** The map to send, or the first problem (a scope twice, a number that is not one). */
export function setFromRows(
  rows: readonly SetRow[],
  scopes: readonly Pick<Scope, 'name' | 'type'>[],
): { ok: true; scopes: Record<string, SetValue> } | { ok: false; problem: RowProblem } {
  const types = new Map(scopes.map((s) => [s.name, s.type]));
  const out: Record<string, SetValue> = {};
  for (const [index, row] of rows.entries()) {
    const name = row.name.trim();
    if (!name) continue;
    if (name in out) return { ok: false, problem: { index, kind: 'duplicate', name } };
    const type = types.get(name);
    const raw = row.value.trim();
    if (type === 'number') {
      const n = Number(raw);
      if (!raw || !Number.isFinite(n)) return { ok: false, problem: { index, kind: 'badNumber', name } };
      out[name] = n;
    } else if (type === 'boolean') {
      out[name] = raw === 'true';
    } else {
      out[name] = row.value;
    }
  }
  return { ok: true, scopes: out };
}

/** `country=Spain, team=ops` (or '' for the empty scope). */
export function summarize(scopes: Record<string, unknown>): string {
  return Object.entries(scopes)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}
