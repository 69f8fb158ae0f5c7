import { describe, expect, it } from 'vitest';
import { buildQuery, toRawSql, type SqlSpec } from './sql-builder.js';
import { MAX_SQL_LENGTH, parseQuery, SqlParseError } from './sql-parser.js';

const raw = (spec: SqlSpec): string => toRawSql(buildQuery(spec));

describe('SQL parser (inverse of the builder)', () => {
  const specs: SqlSpec[] = [
    {},
    { table: 'controls', columns: ['name', 'status'] },
    {
      table: 'Computations',
      aggregations: [
        { func: 'count', attr: '*' },
        { func: 'avg', attr: 'value' },
      ],
      columns: ['controlId'],
      whereConditions: [
        { key: 'value', operator: '=', value: true },
        { key: 'control_id', operator: '>=', value: 3 },
        { key: 'computation_group', operator: '<>', value: "it's -- not /* a */ comment; DROP TABLE x" },
      ],
      whereLogic: 'or',
      groupBy: 'controlId',
      orderByAttr: 'control_id',
      orderDirection: 'desc',
    },
    {
      table: 'points',
      aggregations: [{ func: 'MAX', attr: 'guarantee_value' }],
      whereConditions: [
        { key: 'guarantee_value', operator: '<', value: -1.5e-7 },
        { key: 'agreement_id', operator: '!=', value: '' },
        { key: 'guarantee_result', operator: '>', value: false },
      ],
      orderByAttr: 'timestamp',
    },
    { table: 'catalogs', whereConditions: [{ key: 'name', operator: '=', value: '\'; $1 "x"' }] },
  ];

  it.each(specs.map((s, i) => [i, s] as const))('round trip build → parse → build (#%i)', (_i, spec) => {
    const sql = raw(spec);
    const parsed = parseQuery(sql);
    expect(raw(parsed)).toBe(sql);
  });

  it('returns the canonical spec', () => {
    expect(parseQuery(raw(specs[2]!))).toEqual({
      table: 'computations',
      aggregations: [
        { func: 'COUNT', attr: '*' },
        { func: 'AVG', attr: 'value' },
      ],
      columns: ['control_id'],
      whereConditions: [
        { key: 'value', operator: '=', value: true },
        { key: 'control_id', operator: '>=', value: 3 },
        { key: 'computation_group', operator: '<>', value: "it's -- not /* a */ comment; DROP TABLE x" },
      ],
      whereLogic: 'OR',
      groupBy: 'control_id',
      orderByAttr: 'control_id',
      orderDirection: 'DESC',
    });
  });

  it.each([
    ['SELECT * FROM "users"', /table "users" is not allowed/],
    ['SELECT * FROM "__proto__"', /table "__proto__" is not allowed/],
    ['SELECT "password_hash" FROM "controls"', /column "password_hash" is not allowed/],
    ['SELECT * FROM "controls" WHERE ("secret" = 1)', /column "secret" is not allowed/],
    ['SELECT * FROM "controls"; DROP TABLE "users"', /only one statement/],
    ['SELECT * FROM "controls";', /only one statement/],
    ['SELECT * FROM "controls" -- x', /comments are not allowed/],
    ['SELECT * FROM "controls" /* x */', /comments are not allowed/],
    ['SELECT * FROM "controls" WHERE ("id" = 1 OR 1=1)', /expected a double-quoted column/],
    ['SELECT * FROM "controls" WHERE ("id" = 1) UNION SELECT * FROM "users"', /unexpected "UNION"/],
    ['SELECT * FROM "controls" WHERE ("name" = \'x\' OR "id" = 1 AND "id" = 2)', /may not be mixed/],
    ['SELECT * FROM "controls" WHERE ("name" = \'x)', /unterminated string/],
    ['SELECT * FROM "controls" WHERE ("id" LIKE 1)', /comparison operator/],
    ['SELECT * FROM "controls" WHERE ("id" = "id")', /literal value/],
    ['SELECT * FROM "controls" WHERE ("id" = $1)', /unexpected character "\$"/],
    ['SELECT pg_sleep(10) FROM "controls"', /function "PG_SLEEP" is not allowed/],
    ['SELECT SUM(*) FROM "controls"', /only COUNT may take \*/],
    ['SELECT "id", COUNT(*) FROM "controls"', /aggregations must come before/],
    ['SELECT * FROM controls', /double-quoted table/],
    ['SELECT * FROM "controls" ORDER BY "id"', /ASC or DESC/],
    ['DELETE FROM "controls"', /expected SELECT/],
    ['', /expected SELECT/],
    ['SELECT * FROM "Controls"', /invalid quoted identifier/],
  ])('rejects %j', (sql, message) => {
    expect(() => parseQuery(sql)).toThrow(SqlParseError);
    expect(() => parseQuery(sql)).toThrow(message);
  });

  it('rejects over-long input', () => {
    expect(() => parseQuery('SELECT * FROM "controls"' + ' '.repeat(MAX_SQL_LENGTH))).toThrow(/longer than/);
  });
});
