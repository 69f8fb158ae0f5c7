// Control params as the form edits them: name/value rows whose values are typed the way a flow
// reads them (numbers, booleans, arrays and objects as JSON; anything else a string), plus the
// parameter names a Node-RED flow declares (the `params` object of its nodes, a STATUS convention).
import type { FlowNode } from '../../../lib/flows';

export interface ParamRow {
  key: string;
  value: string;
}

/** `5` → 5, `true` → true, `[1,2]` → [1,2], `"x"` → "x", `abc` → "abc". */
export function parseParamValue(text: string): unknown {
  const t = text.trim();
  if (t === '') return '';
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/** The text a value is edited as; the inverse of parseParamValue for what it produces. */
export function formatParamValue(v: unknown): string {
  if (typeof v === 'string') {
    // A string that would parse as something else keeps its quotes, so it stays a string.
    return parseParamValue(v) === v ? v : JSON.stringify(v);
  }
  return v === undefined ? '' : JSON.stringify(v);
}

export function rowsFromParams(params: Record<string, unknown> | null | undefined): ParamRow[] {
  return Object.entries(params ?? {}).map(([key, value]) => ({ key, value: formatParamValue(value) }));
}

/**
 * Rows → params object. Rows without a name or a value are dropped (a blank value is "not set"; type
 * "" for an empty string); the last of duplicate names wins.
 */
export function paramsFromRows(rows: readonly ParamRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const k = r.key.trim();
    if (k && r.value.trim() !== '') out[k] = parseParamValue(r.value);
  }
  return out;
}

/** The union of the `params` names of a flow tab's nodes, sorted. */
export function flowParamNames(nodes: readonly FlowNode[], tabId: string): string[] {
  const names = new Set<string>();
  for (const n of nodes) {
    if (n.z !== tabId || !n.params || typeof n.params !== 'object' || Array.isArray(n.params)) continue;
    for (const k of Object.keys(n.params)) names.add(k);
  }
  return [...names].sort();
}

/** The params the form shows as their own fields, not as free rows. */
export const FIXED_PARAMS = ['endpoint', 'threshold'] as const;

/** Rows for a newly chosen flow: the flow's declared names added when missing, typed values kept. */
export function rowsForFlow(rows: readonly ParamRow[], names: readonly string[]): ParamRow[] {
  const next = [...rows];
  for (const name of names) {
    if (!(FIXED_PARAMS as readonly string[]).includes(name) && !next.some((r) => r.key.trim() === name))
      next.push({ key: name, value: '' });
  }
  return next;
}
