// The inverse of the SQL builder (spec §3.9 `POST /grafana/sql/parse`): reads back a query that
// toRawSql(buildQuery(spec)) produced and returns the spec. Only the builder's own grammar is
// accepted — allow-listed table, columns, functions and operators, literal values, one statement,
// no comments — and anything else is a SqlParseError (a 400). The text is never executed.
import { z } from 'zod';
import { ALLOWED, FUNCTIONS, MAX_ROWS, OPERATORS } from './sql-builder.js';

export const MAX_SQL_LENGTH = 20000;

/** Body of POST /grafana/sql/parse. */
export const sqlParseBody = z.object({ rawSql: z.string().min(1).max(MAX_SQL_LENGTH) }).strict();

export class SqlParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'SqlParseError';
  }
}

type Value = string | number | boolean;
type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'string'; value: string; text: string; pos: number }
  | { kind: 'punct'; text: string; pos: number };

/** The spec object of the builder, in its canonical spelling. */
export interface ParsedSpec {
  table: string;
  aggregations: { func: string; attr: string; alias?: string }[];
  columns: string[];
  whereConditions: { key: string; operator: string; value: Value }[];
  whereLogic: 'AND' | 'OR';
  groupBy: string | null;
  orderByAttr: string | null;
  orderDirection: 'ASC' | 'DESC' | null;
  /** Present only when the query has LIMIT / OFFSET. */
  limit?: number;
  offset?: number;
}

const OPERATOR_RE = /^(<=|>=|<>|!=|=|<|>)/;
const NUMBER_RE = /^-?\d+(\.\d+)?(e[+-]?\d+)?/i;

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = sql.slice(i);
    if (rest.startsWith('--') || rest.startsWith('/*'))
      throw new SqlParseError(`comments are not allowed (at ${i})`, i);
    if (ch === ';') throw new SqlParseError(`only one statement is allowed; ";" at ${i}`, i);
    if (ch === '"') {
      const m = /^"([a-z_][a-z0-9_]{0,62})"/.exec(rest);
      if (!m) throw new SqlParseError(`invalid quoted identifier at ${i}`, i);
      out.push({ kind: 'ident', text: m[1]!, pos: i });
      i += m[0].length;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= sql.length) throw new SqlParseError(`unterminated string starting at ${i}`, i);
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += sql[j];
        j++;
      }
      if (value.includes('\0')) throw new SqlParseError(`strings may not contain NUL (at ${i})`, i);
      out.push({ kind: 'string', value, text: sql.slice(i, j + 1), pos: i });
      i = j + 1;
      continue;
    }
    const num = NUMBER_RE.exec(rest);
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new SqlParseError(`number out of range at ${i}`, i);
      out.push({ kind: 'number', value, text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z_0-9]*/.exec(rest);
    if (word) {
      out.push({ kind: 'word', text: word[0].toUpperCase(), pos: i });
      i += word[0].length;
      continue;
    }
    const op = OPERATOR_RE.exec(rest);
    if (op) {
      out.push({ kind: 'punct', text: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if ('(),*'.includes(ch)) {
      out.push({ kind: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    throw new SqlParseError(`unexpected character ${JSON.stringify(ch)} at ${i}`, i);
  }
  return out;
}

/** Parses rawSql as emitted by toRawSql(buildQuery(spec)) back into the spec. */
export function parseQuery(sql: string): ParsedSpec {
  if (sql.length > MAX_SQL_LENGTH)
    throw new SqlParseError(`the query is longer than ${MAX_SQL_LENGTH} characters`, 0);
  const tokens = tokenize(sql);
  let k = 0;
  const end = sql.length;
  const peek = (): Token | undefined => tokens[k];
  const where = (): number => peek()?.pos ?? end;
  const describe = (t: Token | undefined): string => (t ? `"${t.text}" at ${t.pos}` : 'end of query');
  const isWord = (w: string): boolean => {
    const t = peek();
    return t?.kind === 'word' && t.text === w;
  };
  const isPunct = (p: string): boolean => {
    const t = peek();
    return t?.kind === 'punct' && t.text === p;
  };
  const expectWord = (w: string): void => {
    if (!isWord(w)) throw new SqlParseError(`expected ${w} but found ${describe(peek())}`, where());
    k++;
  };
  const expectPunct = (p: string): void => {
    if (!isPunct(p)) throw new SqlParseError(`expected "${p}" but found ${describe(peek())}`, where());
    k++;
  };
  const ident = (): { name: string; pos: number } => {
    const t = peek();
    if (t?.kind !== 'ident')
      throw new SqlParseError(`expected a double-quoted column but found ${describe(t)}`, where());
    k++;
    return { name: t.text, pos: t.pos };
  };

  // SELECT list: aggregations first, then plain columns (the builder's order), or *.
  expectWord('SELECT');
  const aggregations: { func: string; attr: string; alias?: string; pos: number }[] = [];
  const columns: { name: string; pos: number }[] = [];
  if (isPunct('*')) k++;
  else {
    for (;;) {
      const t = peek();
      if (t?.kind === 'word') {
        if (!(FUNCTIONS as readonly string[]).includes(t.text))
          throw new SqlParseError(`function "${t.text}" is not allowed (at ${t.pos})`, t.pos);
        if (columns.length)
          throw new SqlParseError(`aggregations must come before plain columns (at ${t.pos})`, t.pos);
        k++;
        expectPunct('(');
        if (isPunct('*')) {
          if (t.text !== 'COUNT') throw new SqlParseError(`only COUNT may take * (at ${t.pos})`, t.pos);
          k++;
          aggregations.push({ func: t.text, attr: '*', pos: t.pos });
        } else {
          const c = ident();
          aggregations.push({ func: t.text, attr: c.name, pos: c.pos });
        }
        expectPunct(')');
        if (isWord('AS')) {
          k++;
          aggregations.at(-1)!.alias = ident().name;
        }
      } else columns.push(ident());
      if (!isPunct(',')) break;
      k++;
    }
  }

  expectWord('FROM');
  const tableTok = peek();
  if (tableTok?.kind !== 'ident')
    throw new SqlParseError(`expected a double-quoted table but found ${describe(tableTok)}`, where());
  k++;
  const table = tableTok.text;
  if (!Object.hasOwn(ALLOWED, table))
    throw new SqlParseError(`table "${table}" is not allowed`, tableTok.pos);
  const allowed = ALLOWED[table]!;
  const col = (c: { name: string; pos: number }): string => {
    if (!allowed.includes(c.name))
      throw new SqlParseError(`column "${c.name}" is not allowed in ${table} (at ${c.pos})`, c.pos);
    return c.name;
  };

  const spec: ParsedSpec = {
    table,
    aggregations: aggregations.map((a) => ({
      func: a.func,
      attr: a.attr === '*' ? '*' : col({ name: a.attr, pos: a.pos }),
      ...(a.alias !== undefined ? { alias: a.alias } : {}),
    })),
    columns: columns.map(col),
    whereConditions: [],
    whereLogic: 'AND',
    groupBy: null,
    orderByAttr: null,
    orderDirection: null,
  };

  if (isWord('WHERE')) {
    k++;
    expectPunct('(');
    let logic: 'AND' | 'OR' | undefined;
    for (;;) {
      const key = col(ident());
      const opTok = peek();
      if (opTok?.kind !== 'punct' || !(OPERATORS as readonly string[]).includes(opTok.text))
        throw new SqlParseError(`expected a comparison operator but found ${describe(opTok)}`, where());
      k++;
      const v = peek();
      let value: Value;
      if (v?.kind === 'number' || v?.kind === 'string') value = v.value;
      else if (v?.kind === 'word' && (v.text === 'TRUE' || v.text === 'FALSE')) value = v.text === 'TRUE';
      else
        throw new SqlParseError(
          `expected a literal value (number, string, TRUE or FALSE) but found ${describe(v)}`,
          where(),
        );
      k++;
      spec.whereConditions.push({ key, operator: opTok.text, value });
      if (isWord('AND') || isWord('OR')) {
        const l = peek()!.text as 'AND' | 'OR';
        if (logic && l !== logic)
          throw new SqlParseError(`AND and OR may not be mixed (at ${peek()!.pos})`, peek()!.pos);
        logic = l;
        k++;
        continue;
      }
      break;
    }
    expectPunct(')');
    spec.whereLogic = logic ?? 'AND';
  }
  if (isWord('GROUP')) {
    k++;
    expectWord('BY');
    spec.groupBy = col(ident());
  }
  if (isWord('ORDER')) {
    k++;
    expectWord('BY');
    spec.orderByAttr = col(ident());
    if (isWord('ASC') || isWord('DESC')) {
      spec.orderDirection = peek()!.text as 'ASC' | 'DESC';
      k++;
    } else throw new SqlParseError(`expected ASC or DESC but found ${describe(peek())}`, where());
  }
  const count = (max: number): number => {
    const t = peek();
    if (t?.kind !== 'number' || !Number.isSafeInteger(t.value) || t.value < 0 || t.value > max)
      throw new SqlParseError(`expected a row count (0-${max}) but found ${describe(t)}`, where());
    k++;
    return t.value;
  };
  if (isWord('LIMIT')) {
    k++;
    spec.limit = count(MAX_ROWS);
  }
  if (isWord('OFFSET')) {
    k++;
    spec.offset = count(1_000_000_000);
  }
  if (k < tokens.length) throw new SqlParseError(`unexpected ${describe(peek())}`, where());
  return spec;
}
