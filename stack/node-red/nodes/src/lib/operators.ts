// The comparison operators shared by compare, filter, find and ratio. Numbers compare as numbers,
// ISO dates as instants, everything else as strings; "eq" is strict except number/numeric string.
export const OPERATORS = [
  'lt',
  'lte',
  'eq',
  'neq',
  'gte',
  'gt',
  'contains',
  'exists',
  'notexists',
  'regex',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const ORDERING = ['lt', 'lte', 'eq', 'neq', 'gte', 'gt'] as const;

export function compare(left: unknown, op: Operator, right: unknown): boolean {
  switch (op) {
    case 'exists':
      return left !== undefined && left !== null && left !== '';
    case 'notexists':
      return left === undefined || left === null || left === '';
    case 'contains':
      if (Array.isArray(left)) return left.some((v) => equal(v, right));
      return typeof left === 'string' && left.includes(String(right));
    case 'regex':
      return typeof left === 'string' && new RegExp(String(right)).test(left);
    case 'eq':
      return equal(left, right);
    case 'neq':
      return !equal(left, right);
    default: {
      const [a, b] = comparable(left, right);
      if (a === undefined || b === undefined) return false;
      if (op === 'lt') return a < b;
      if (op === 'lte') return a <= b;
      if (op === 'gte') return a >= b;
      return a > b;
    }
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const [x, y] = comparable(a, b);
  return x !== undefined && x === y;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Both sides as numbers, instants or strings; undefined when they cannot be ordered. */
function comparable(a: unknown, b: unknown): [number | string | undefined, number | string | undefined] {
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = num(a);
    const y = num(b);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : [undefined, undefined];
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (ISO_DATE.test(a) && ISO_DATE.test(b)) return [Date.parse(a), Date.parse(b)];
    return [a, b];
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return [Number(a), Number(b)];
  return [undefined, undefined];
}

export const SYMBOLS: Record<Operator, string> = {
  lt: '<',
  lte: '≤',
  eq: '=',
  neq: '≠',
  gte: '≥',
  gt: '>',
  contains: 'contains',
  exists: 'exists',
  notexists: 'is empty',
  regex: 'matches',
};
