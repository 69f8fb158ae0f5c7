// The control form's model (wizard step 2 and the control page's edit form): its values, the checks
// made before calling the backend (the backend checks again and its 400s land on the same fields,
// keyed by the backend's paths: `name`, `params.endpoint`, …), and the conversions to and from the
// wire shapes.
import type { Control, ControlDraftBody, ControlUpdateBody, Period, Scope } from '@backend/contract';
import {
  FIXED_PARAMS,
  formatParamValue,
  paramsFromRows,
  parseParamValue,
  rowsFromParams,
  type ParamRow,
} from './params';

/** The backend's period enum, in order (the original UI offered YEARLY, which the backend rejects). */
export const PERIODS = [
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'ANNUALLY',
] as const satisfies readonly Period[];
// Fails to compile if the backend adds a period this list lacks.
const _allPeriods: readonly (typeof PERIODS)[number][] = [] as Period[];
void _allPeriods;

export interface ControlFormValues {
  name: string;
  description: string;
  period: Period;
  /** YYYY-MM-DD or '' */
  startDate: string;
  endDate: string;
  /** Node-RED flow tab id, or '' */
  mashupId: string;
  /** params.endpoint: the flow's HTTP-in path. */
  endpoint: string;
  /** params.threshold, as typed (a number or text). */
  threshold: string;
  /** The other params. */
  params: ParamRow[];
  /** One scope set: scope name → value rows. */
  scopes: ParamRow[];
}

/** Field (backend path) → message key in the `controls` namespace, or a backend message. */
export type ControlFormErrors = Partial<Record<string, string>>;

export const today = () => new Date().toISOString().slice(0, 10);
export const dateOnly = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

export function emptyControlForm(): ControlFormValues {
  return {
    name: '',
    description: '',
    period: 'DAILY',
    startDate: today(),
    endDate: '',
    mashupId: '',
    endpoint: '',
    threshold: '',
    params: [],
    scopes: [],
  };
}

export function formFromControl(c: Control, scopes: Record<string, unknown> = {}): ControlFormValues {
  const p = c.params ?? {};
  return {
    name: c.name,
    description: c.description ?? '',
    period: c.period,
    startDate: dateOnly(c.startDate),
    endDate: dateOnly(c.endDate),
    mashupId: c.mashupId ?? '',
    endpoint: typeof p.endpoint === 'string' ? p.endpoint : formatParamValue(p.endpoint),
    threshold: formatParamValue(p.threshold),
    params: rowsFromParams(p).filter((r) => !(FIXED_PARAMS as readonly string[]).includes(r.key)),
    scopes: Object.entries(scopes).map(([key, value]) => ({ key, value: String(value) })),
  };
}

/** Checks made in the browser; `params.endpoint` and `params.threshold` are needed to finalize. */
export function validateControlForm(v: ControlFormValues): ControlFormErrors {
  const e: ControlFormErrors = {};
  if (!v.name.trim()) e.name = 'errors.nameRequired';
  else if (v.name.trim().length > 100) e.name = 'errors.nameTooLong';
  if (!PERIODS.includes(v.period)) e.period = 'errors.periodRequired';
  if (v.startDate && v.endDate && v.endDate < v.startDate) e.endDate = 'errors.endBeforeStart';
  if (!v.endpoint.trim()) e['params.endpoint'] = 'errors.endpointRequired';
  if (!v.threshold.trim()) e['params.threshold'] = 'errors.thresholdRequired';
  const names = v.scopes.map((s) => s.key.trim()).filter(Boolean);
  if (new Set(names).size !== names.length) e.scopes = 'errors.scopeDuplicate';
  else if (v.scopes.some((s) => !s.key.trim() && s.value.trim())) e.scopes = 'errors.scopeNameRequired';
  return e;
}

function paramsOf(v: ControlFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = paramsFromRows(v.params);
  if (v.endpoint.trim()) out.endpoint = v.endpoint.trim();
  if (v.threshold.trim()) out.threshold = parseParamValue(v.threshold);
  return out;
}

export function toDraftBody(v: ControlFormValues, catalogId: number): ControlDraftBody {
  return {
    name: v.name.trim(),
    catalogId,
    description: v.description.trim(),
    period: v.period,
    ...(v.startDate ? { startDate: v.startDate } : {}),
    endDate: v.endDate || null,
    ...(v.mashupId ? { mashupId: v.mashupId } : {}),
    params: paramsOf(v),
  };
}

export function toUpdateBody(v: ControlFormValues): ControlUpdateBody {
  return {
    name: v.name.trim(),
    description: v.description.trim() || null,
    period: v.period,
    startDate: v.startDate || null,
    endDate: v.endDate || null,
    mashupId: v.mashupId || null,
    params: paramsOf(v),
  };
}

/** A scope value typed as its scope declares (`number`, `boolean`), else the text. */
export function scopeValue(text: string, type: string | undefined): string | number | boolean {
  const t = text.trim();
  if (type === 'number' && t !== '' && !Number.isNaN(Number(t))) return Number(t);
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  return t;
}

/** Scope rows → the `scopes` map of a scope set. */
export function scopesFromRows(
  rows: readonly ParamRow[],
  known: readonly Pick<Scope, 'name' | 'type'>[] = [],
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const r of rows) {
    const k = r.key.trim();
    if (k) out[k] = scopeValue(r.value, known.find((s) => s.name === k)?.type);
  }
  return out;
}
