// The original's query form `{model, operation, options}` (its panels and SQL builder ran a
// Sequelize model method and captured the SQL: spec addendum §5.6), mapped onto our allow-listed
// builder (sql-builder.ts) instead of being run: only the models of the tables a panel may query,
// only findAll / findOne / count, and only the options the builder can express (attributes,
// where, group, order, limit, offset). Anything else is a SqlBuilderError naming the field
// (`options.where.name.$like`), i.e. a 400. As JSON cannot carry Sequelize's Op symbols and fn()
// objects, the spellings are the ones JSON can: `{gt: 3}` / `{$gt: 3}` / `{"Op.gt": 3}`, `$or` /
// `$and`, and `{fn: 'AVG', args: [{col: 'value'}]}` (what JSON.stringify makes of sequelize.fn).
import { z } from 'zod';
import { resolveColumn, resolveTable, SqlBuilderError, sqlSpecSchema, type SqlSpec } from './sql-builder.js';

/** The original's model names (spec addendum §3.6) → the table a panel may query, if any. */
export const QUERYABLE_MODELS = ['Catalog', 'Computation', 'Control', 'Point'] as const;
export const OPERATIONS = ['findAll', 'findOne', 'count'] as const;

export const modelSpecSchema = z
  .object({
    model: z.string().min(1).max(100),
    operation: z.string().min(1).max(50).default('findAll'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type ModelSpec = z.input<typeof modelSpecSchema>;

/** The documented shape of a query specification: both forms' fields (validation is by form). */
const querySpecDoc = z.looseObject({
  model: z
    .string()
    .optional()
    .describe(`The original's form: ${QUERYABLE_MODELS.join(', ')}; with operation and options`),
  operation: z.string().optional().describe(OPERATIONS.join(', ')),
  options: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('attributes, where ($and, $or; eq, ne, gt, gte, lt, lte), group, order, limit, offset'),
  table: z.string().optional().describe("The builder's form: a table, with the fields below"),
  aggregations: z
    .array(z.object({ func: z.string(), attr: z.string(), alias: z.string().optional() }))
    .optional(),
  columns: z.array(z.string()).optional(),
  whereConditions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.string(),
        value: z.union([z.string(), z.number(), z.boolean()]),
      }),
    )
    .optional(),
  whereLogic: z.string().optional(),
  groupBy: z.string().nullish(),
  orderByAttr: z.string().nullish(),
  orderDirection: z.string().nullish(),
  limit: z.number().nullish(),
  offset: z.number().nullish(),
});

export type QuerySpec = z.output<typeof modelSpecSchema> | z.output<typeof sqlSpecSchema>;

/**
 * A query specification as the API accepts it: the builder's object (`{table, columns, …}`) or the
 * original's `{model, operation, options}`. Validated by the form sent (errors name its fields);
 * documented as one object with both forms' fields.
 */
export const querySpecSchema = z.preprocess((v, ctx) => {
  const r = (isModelSpec(v) ? modelSpecSchema : sqlSpecSchema).safeParse(v);
  if (r.success) return r.data;
  for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path });
  return v;
}, querySpecDoc) as unknown as z.ZodType<QuerySpec, ModelSpec | SqlSpec>;

export function isModelSpec(v: unknown): v is ModelSpec {
  return v !== null && typeof v === 'object' && 'model' in v;
}

const OPS: Record<string, string> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
type Scalar = string | number | boolean;
type Condition = { key: string; operator: string; value: Scalar };

const fail = (message: string, path: string): never => {
  throw new SqlBuilderError(message, path);
};
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
/** `$gt`, `Op.gt`, `gt` → `gt`. */
const bare = (k: string) => k.replace(/^\$|^Op\./, '');

/** The builder specification of a `{model, operation, options}` query (SqlBuilderError if none). */
export function modelSpecToSqlSpec(input: ModelSpec): SqlSpec {
  const spec = modelSpecSchema.parse(input);
  const table = resolveTable(spec.model);
  if (!table) fail(`model "${spec.model}" cannot be queried; one of ${QUERYABLE_MODELS.join(', ')}`, 'model');
  const t = table!;
  const column = (name: unknown, path: string): string => {
    if (typeof name !== 'string') return fail('expected a column name', path);
    return resolveColumn(t, name) ?? fail(`column "${name}" is not allowed in ${t}`, path);
  };
  if (!(OPERATIONS as readonly string[]).includes(spec.operation))
    fail(`operation "${spec.operation}" is not allowed; one of ${OPERATIONS.join(', ')}`, 'operation');
  const o = spec.options;
  const known = ['attributes', 'where', 'group', 'order', 'limit', 'offset', 'col', 'raw', 'plain'];
  for (const k of Object.keys(o))
    if (!known.includes(k))
      fail(`option "${k}" is not supported; only ${known.slice(0, 7).join(', ')}`, `options.${k}`);

  const out: {
    table: string;
    aggregations: { func: string; attr: string; alias?: string }[];
    columns: string[];
    whereConditions: Condition[];
    whereLogic: 'AND' | 'OR';
    groupBy?: string;
    orderByAttr?: string;
    orderDirection?: string;
    limit?: number;
    offset?: number;
  } = { table: t, aggregations: [], columns: [], whereConditions: [], whereLogic: 'AND' };

  // attributes: 'col' | {fn, args|col} | [{fn, …}, 'alias']
  if (spec.operation === 'count') {
    out.aggregations.push({
      func: 'COUNT',
      attr: o.col === undefined ? '*' : column(o.col, 'options.col'),
      alias: 'count',
    });
  } else if (o.attributes !== undefined) {
    if (!Array.isArray(o.attributes))
      fail('attributes must be a list (include/exclude is not supported)', 'options.attributes');
    (o.attributes as unknown[]).forEach((a, i) => {
      const path = `options.attributes.${i}`;
      if (typeof a === 'string') return void out.columns.push(column(a, path));
      const [fn, alias] = Array.isArray(a) ? a : [a, undefined];
      if (Array.isArray(a) && (a.length !== 2 || typeof alias !== 'string'))
        fail('expected [function, "alias"]', path);
      if (!isObject(fn) || typeof fn.fn !== 'string')
        fail(
          Array.isArray(a) && typeof fn === 'string'
            ? 'a column cannot be renamed; aliases are for functions ({fn, args})'
            : 'expected a column name, {fn, args} or [{fn, args}, "alias"]',
          path,
        );
      const f = fn as { fn: string; args?: unknown; col?: unknown };
      const args = f.args ?? (f.col !== undefined ? [{ col: f.col }] : []);
      if (!Array.isArray(args) || args.length !== 1)
        return fail('a function takes one column', `${path}.args`);
      const arg: unknown = isObject(args[0]) ? args[0].col : args[0];
      const attr = arg === '*' ? '*' : column(arg, `${path}.args.0`);
      out.aggregations.push({ func: f.fn, attr, ...(alias !== undefined ? { alias: alias as string } : {}) });
    });
  }

  // where: {col: value | {op: value}}, $and: [...], $or: [...] (one level, AND and OR not mixed)
  if (o.where !== undefined) {
    if (!isObject(o.where)) fail('where must be an object', 'options.where');
    const conds = (w: Record<string, unknown>, path: string, logic: 'AND' | 'OR'): Condition[] => {
      // In an OR, an object of several conditions would be an AND inside it.
      if (logic === 'OR' && Object.keys(w).length > 1) fail('AND and OR may not be mixed', path);
      return Object.entries(w).flatMap(([k, v]) => {
        const p = `${path}.${k}`;
        const op = bare(k);
        if (op === 'and' || op === 'or') {
          const l = op === 'and' ? 'AND' : 'OR';
          const items = Array.isArray(v) ? v : isObject(v) ? [v] : fail('expected a list of conditions', p);
          if (l !== logic && (items.length > 1 || Object.keys(w).length > 1))
            fail('AND and OR may not be mixed', p);
          if (l === 'OR') out.whereLogic = 'OR';
          return items.flatMap((item, i) =>
            isObject(item) ? conds(item, `${p}.${i}`, l) : fail('expected a condition object', `${p}.${i}`),
          );
        }
        const key = column(k, p);
        if (v === null) return fail('null (IS NULL) is not supported', p);
        if (Array.isArray(v)) return fail('a list (IN) is not supported; use $or', p);
        if (!isObject(v)) return [{ key, operator: '=', value: scalar(v, p) }];
        const ops = Object.entries(v);
        if (ops.length > 1 && logic === 'OR') fail('AND and OR may not be mixed', p);
        return ops.map(([ok, ov]) => {
          const sym = OPS[bare(ok)];
          if (!sym)
            return fail(
              `operator "${ok}" is not supported; one of ${Object.keys(OPS).join(', ')}`,
              `${p}.${ok}`,
            );
          return { key, operator: sym, value: scalar(ov, `${p}.${ok}`) };
        });
      });
    };
    const w = o.where as Record<string, unknown>;
    const top = Object.keys(w);
    const onlyOr = top.length === 1 && bare(top[0]!) === 'or';
    out.whereConditions = conds(w, 'options.where', onlyOr ? 'OR' : 'AND');
  }

  // group: 'col' | ['col']
  if (o.group !== undefined) {
    const g = Array.isArray(o.group) ? o.group : [o.group];
    if (g.length !== 1) fail('group by exactly one column', 'options.group');
    out.groupBy = column(g[0], Array.isArray(o.group) ? 'options.group.0' : 'options.group');
    if (!out.columns.includes(out.groupBy)) out.columns.unshift(out.groupBy);
  }

  // order: 'col' | ['col', 'DESC'] | [['col', 'DESC']]
  if (o.order !== undefined) {
    let entry: unknown = o.order;
    let path = 'options.order';
    if (Array.isArray(o.order) && Array.isArray(o.order[0])) {
      if (o.order.length !== 1) fail('order by exactly one column', 'options.order');
      entry = o.order[0];
      path = 'options.order.0';
    }
    const [c, dir] = Array.isArray(entry) ? entry : [entry, 'ASC'];
    out.orderByAttr = column(c, Array.isArray(entry) ? `${path}.0` : path);
    if (typeof dir !== 'string' || !/^(asc|desc)$/i.test(dir))
      fail('direction must be ASC or DESC', `${path}.1`);
    out.orderDirection = (dir as string).toUpperCase();
  }

  const rows = (v: unknown, path: string, min: number, max: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? v
      : fail(`must be an integer from ${min} to ${max}`, path);
  if (o.limit !== undefined) out.limit = rows(o.limit, 'options.limit', 1, 10_000);
  if (o.offset !== undefined) out.offset = rows(o.offset, 'options.offset', 0, 1_000_000_000);
  if (spec.operation === 'findOne') out.limit = 1;
  return out;
}

function scalar(v: unknown, path: string): Scalar {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return fail('expected a string, number or boolean', path);
}

/** The builder specification of either form. */
export function toSqlSpec(spec: QuerySpec | SqlSpec): SqlSpec {
  return isModelSpec(spec) ? modelSpecToSqlSpec(spec) : spec;
}
