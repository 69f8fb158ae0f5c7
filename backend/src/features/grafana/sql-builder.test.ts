import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { buildQuery, literal, SqlBuilderError, toRawSql } from './sql-builder.js';

describe('SQL builder', () => {
  it('builds a parameterized query over allowed tables and columns', () => {
    const q = buildQuery({
      table: 'Computations',
      aggregations: [{ func: 'count', attr: '*' }],
      columns: ['controlId'],
      whereConditions: [
        { key: 'value', operator: '=', value: true },
        { key: 'control_id', operator: '>=', value: 3 },
      ],
      whereLogic: 'or',
      groupBy: 'controlId',
      orderByAttr: 'control_id',
      orderDirection: 'desc',
    });
    expect(q.text).toBe(
      'SELECT COUNT(*), "control_id" FROM "computations" WHERE ("value" = $1 OR "control_id" >= $2) GROUP BY "control_id" ORDER BY "control_id" DESC',
    );
    expect(q.values).toEqual([true, 3]);
  });

  it('defaults: SELECT * FROM computations', () => {
    expect(buildQuery({})).toEqual({ text: 'SELECT * FROM "computations"', values: [] });
  });

  it('values never reach the SQL text; the raw rendering escapes quotes', () => {
    const evil = "x'); DROP TABLE users; --";
    const q = buildQuery({
      table: 'controls',
      whereConditions: [{ key: 'name', operator: '=', value: evil }],
    });
    expect(q.text).not.toContain('DROP');
    expect(q.values).toEqual([evil]);
    expect(toRawSql(q)).toBe(`SELECT * FROM "controls" WHERE ("name" = 'x''); DROP TABLE users; --')`);
    expect(literal("a\\'b")).toBe("'a\\''b'");
  });

  it.each([
    [{ table: 'users' }, 'table'],
    [{ table: 'computations; DROP TABLE users' }, 'table'],
    [{ columns: ['password_hash'] }, 'columns.0'],
    [{ columns: ['value FROM users --'] }, 'columns.0'],
    [{ aggregations: [{ func: 'pg_sleep', attr: 'value' }] }, 'aggregations.0.func'],
    [{ aggregations: [{ func: 'SUM', attr: '*' }] }, 'aggregations.0.attr'],
    [{ whereConditions: [{ key: '1=1 OR id', operator: '=', value: 1 }] }, 'whereConditions.0.key'],
    [{ whereConditions: [{ key: 'id', operator: '= 1 OR 1 =', value: 1 }] }, 'whereConditions.0.operator'],
    [{ whereConditions: [{ key: 'id', operator: '=', value: 1 }], whereLogic: 'OR 1=1 OR' }, 'whereLogic'],
    [{ groupBy: 'id; DELETE FROM users' }, 'groupBy'],
    [{ orderByAttr: 'id', orderDirection: 'ASC; DROP TABLE x' }, 'orderDirection'],
  ])('rejects injection attempt %j at %s', (spec, path) => {
    let err: unknown;
    try {
      buildQuery(spec as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlBuilderError);
    expect((err as SqlBuilderError).path).toBe(path);
  });

  it('rejects non-scalar values and unknown keys', () => {
    expect(() =>
      buildQuery({ whereConditions: [{ key: 'id', operator: '=', value: { a: 1 } as never }] }),
    ).toThrow(ZodError);
    expect(() => buildQuery({ model: 'User' } as never)).toThrow(ZodError);
  });
});
