// Evidences are free-form objects written by each flow. The original convention is
// {key, value, result, from, to}; flows also write {check, score, result} and the like. This splits
// one into what the table shows: a name, a value, the verdict and the period.

type Evidence = Record<string, unknown>;

const NAME_FIELDS = ['key', 'check', 'name', 'id'] as const;
const META = new Set(['result', 'from', 'to']);

export interface EvidenceView {
  name: string | undefined;
  /** `value` when the evidence has one; else its other fields (one field: its value alone). */
  value: unknown;
  result: boolean | undefined;
  from: string | undefined;
  to: string | undefined;
}

export function viewEvidence(raw: unknown): EvidenceView {
  const e: Evidence =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Evidence) : { value: raw };
  const nameField = NAME_FIELDS.find((f) => typeof e[f] === 'string' || typeof e[f] === 'number');
  let value: unknown;
  if ('value' in e) value = e.value;
  else {
    const rest = Object.entries(e).filter(([k]) => !META.has(k) && k !== nameField);
    value = rest.length === 1 ? rest[0]![1] : rest.length ? Object.fromEntries(rest) : undefined;
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    name: nameField ? String(e[nameField]) : undefined,
    value,
    result: typeof e.result === 'boolean' ? e.result : undefined,
    from: str(e.from),
    to: str(e.to),
  };
}
