// The SQL builder of Grafana panels (spec §5.1), rewritten: every identifier, function, operator and
// direction comes from an allow-list, and values never enter the SQL text — buildQuery() returns a
// parameterized query ($1, $2, …) with its values. Grafana's raw SQL targets cannot bind parameters,
// so toRawSql() renders the same query with the values as escaped PostgreSQL literals (numbers,
// booleans and strings only; strings with quotes doubled under standard_conforming_strings).
import { z } from 'zod';

/** Tables and columns a panel may query (wire names of the original map to our tables). */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  computations: [
    'id',
    'control_id',
    'computation_group',
    'value',
    'period_from',
    'period_to',
    'created_at',
    'updated_at',
  ],
  controls: [
    'id',
    'catalog_id',
    'name',
    'period',
    'status',
    'start_date',
    'end_date',
    'last_run_at',
    'created_at',
  ],
  catalogs: ['id', 'name', 'status', 'start_date', 'end_date', 'tpa_id', 'created_at'],
  points: [
    'id',
    'agreement_id',
    'guarantee_id',
    'guarantee_value',
    'guarantee_result',
    'timestamp',
    'created_at',
  ],
};

const TABLE_ALIASES: Record<string, string> = {
  computation: 'computations',
  computations: 'computations',
  control: 'controls',
  controls: 'controls',
  catalog: 'catalogs',
  catalogs: 'catalogs',
  point: 'points',
  points: 'points',
};

/** The original's camelCase attribute names → our columns. */
const COLUMN_ALIASES: Record<string, string> = {
  controlId: 'control_id',
  computationGroup: 'computation_group',
  catalogId: 'catalog_id',
  startDate: 'start_date',
  endDate: 'end_date',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  tpaId: 'tpa_id',
  agreementId: 'agreement_id',
  guaranteeId: 'guarantee_id',
  guaranteeValue: 'guarantee_value',
  guaranteeResult: 'guarantee_result',
};

export const FUNCTIONS = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX'] as const;
export const OPERATORS = ['=', '!=', '<>', '<', '>', '<=', '>='] as const;

const value = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

/** Row limits of a built query (LIMIT / OFFSET; integers, written into the SQL text). */
export const MAX_ROWS = 10_000;
/** An output column name (`AVG("value") AS "avg_value"`). */
export const ALIAS_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export const sqlSpecSchema = z
  .object({
    table: z.string().default('computations'),
    aggregations: z
      .array(z.object({ func: z.string(), attr: z.string(), alias: z.string().optional() }).strict())
      .max(20)
      .default([]),
    columns: z.array(z.string()).max(50).default([]),
    whereConditions: z
      .array(z.object({ key: z.string(), operator: z.string(), value }).strict())
      .max(50)
      .default([]),
    whereLogic: z.string().default('AND'),
    groupBy: z.string().nullish(),
    orderByAttr: z.string().nullish(),
    orderDirection: z.string().nullish(),
    limit: z.number().int().min(1).max(MAX_ROWS).nullish(),
    offset: z.number().int().min(0).max(1_000_000_000).nullish(),
  })
  .strict();
export type SqlSpec = z.input<typeof sqlSpecSchema>;

export class SqlBuilderError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'SqlBuilderError';
  }
}

export interface BuiltQuery {
  text: string;
  values: (string | number | boolean)[];
}

/** Our table for a table or model name of the original (`Computation`, `points`), or undefined. */
export function resolveTable(name: string): string | undefined {
  return Object.hasOwn(TABLE_ALIASES, name)
    ? TABLE_ALIASES[name]
    : Object.hasOwn(TABLE_ALIASES, name.toLowerCase())
      ? TABLE_ALIASES[name.toLowerCase()]
      : undefined;
}

/** Our column for a column or attribute name of the original (`controlId`), or undefined. */
export function resolveColumn(table: string, name: string): string | undefined {
  const c = Object.hasOwn(COLUMN_ALIASES, name) ? COLUMN_ALIASES[name]! : name;
  return ALLOWED[table]?.includes(c) ? c : undefined;
}

export function buildQuery(input: SqlSpec): BuiltQuery {
  const spec = sqlSpecSchema.parse(input);
  const table = resolveTable(spec.table);
  if (!table) throw new SqlBuilderError(`table "${spec.table}" is not allowed`, 'table');
  const col = (name: string, path: string): string => {
    const c = resolveColumn(table, name);
    if (!c) throw new SqlBuilderError(`column "${name}" is not allowed in ${table}`, path);
    return `"${c}"`;
  };
  const select: string[] = spec.aggregations.map((a, i) => {
    const func = a.func.toUpperCase();
    if (!(FUNCTIONS as readonly string[]).includes(func))
      throw new SqlBuilderError(`function "${a.func}" is not allowed`, `aggregations.${i}.func`);
    const attr = a.attr === '*' && func === 'COUNT' ? '*' : col(a.attr, `aggregations.${i}.attr`);
    if (a.alias !== undefined && !ALIAS_RE.test(a.alias))
      throw new SqlBuilderError(
        'alias must be 1-63 lower-case letters, digits or _, not starting with a digit',
        `aggregations.${i}.alias`,
      );
    return `${func}(${attr})${a.alias !== undefined ? ` AS "${a.alias}"` : ''}`;
  });
  spec.columns.forEach((c, i) => select.push(col(c, `columns.${i}`)));
  let text = `SELECT ${select.length ? select.join(', ') : '*'} FROM "${table}"`;
  const values: BuiltQuery['values'] = [];
  if (spec.whereConditions.length) {
    const logic = spec.whereLogic.toUpperCase();
    if (logic !== 'AND' && logic !== 'OR')
      throw new SqlBuilderError(`whereLogic must be AND or OR`, 'whereLogic');
    const conds = spec.whereConditions.map((w, i) => {
      if (!(OPERATORS as readonly string[]).includes(w.operator))
        throw new SqlBuilderError(`operator "${w.operator}" is not allowed`, `whereConditions.${i}.operator`);
      values.push(w.value);
      return `${col(w.key, `whereConditions.${i}.key`)} ${w.operator} $${values.length}`;
    });
    text += ` WHERE (${conds.join(` ${logic} `)})`;
  }
  if (spec.groupBy) text += ` GROUP BY ${col(spec.groupBy, 'groupBy')}`;
  if (spec.orderByAttr) {
    const dir = (spec.orderDirection ?? 'ASC').toUpperCase();
    if (dir !== 'ASC' && dir !== 'DESC')
      throw new SqlBuilderError('orderDirection must be ASC or DESC', 'orderDirection');
    text += ` ORDER BY ${col(spec.orderByAttr, 'orderByAttr')} ${dir}`;
  }
  // Validated integers (schema above): safe in the text, and Grafana's raw SQL needs them there.
  if (spec.limit != null) text += ` LIMIT ${spec.limit}`;
  if (spec.offset != null) text += ` OFFSET ${spec.offset}`;
  return { text, values };
}

/** A PostgreSQL literal for a value (never trusted text in identifiers). */
export function literal(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new SqlBuilderError('numbers must be finite', 'value');
    return String(v);
  }
  if (v.includes('\0')) throw new SqlBuilderError('strings may not contain NUL', 'value');
  return `'${v.replace(/'/g, "''")}'`;
}

/** The query with its parameters rendered as literals, for Grafana's rawSql. */
export function toRawSql(q: BuiltQuery): string {
  return q.text.replace(/\$(\d+)/g, (_m, n: string) => literal(q.values[Number(n) - 1]!));
}
