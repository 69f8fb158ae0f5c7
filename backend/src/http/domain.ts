// Shared zod pieces of the domain features (catalogs, controls, computations, points, scopes,
// config, secrets, scripts): pagination, ids, dates, and a small SQL helper for partial updates.
import { z } from 'zod';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 500;

/** `?limit=&offset=`: limit 1..1000 (default 500), offset ≥ 0. */
const limit = z.coerce
  .number({ error: 'limit must be a number' })
  .int('limit must be an integer')
  .min(1, 'limit must be at least 1')
  .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`);
const offset = z.coerce
  .number({ error: 'offset must be a number' })
  .int('offset must be an integer')
  .min(0, 'offset must be at least 0')
  .default(0);

export const pagination = { limit: limit.default(DEFAULT_LIMIT), offset };

/**
 * `?limit=&offset=` of a list that never truncates silently (http/lists.ts): without `limit`, every
 * row; with it, one page of 1..1000 rows and the headers to the next.
 */
export const listPage = { limit: limit.optional(), offset };

/** SQL: a timestamptz column as the JSON of `Date.prototype.toISOString()` (UTC, milliseconds). */
export const isoSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A positive serial id in a path parameter. */
export const serialId = (name: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/, `${name} must be a positive integer`)
    .transform(Number);

export const uuid = (name: string) => z.uuid({ error: `${name} must be a UUID` });

/** An ISO-8601 date or date-time string → Date. */
export const isoDate = (name: string) =>
  z
    .string({ error: `${name} must be a date string` })
    .refine((s) => s.length <= 40 && !Number.isNaN(Date.parse(s)), `${name} must be an ISO-8601 date`)
    .transform((s) => new Date(s));

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** `SET a = $2, b = $3` from the defined entries of `fields` (column → value); params start at `first`. */
export function setClause(
  fields: Record<string, unknown>,
  first: number,
): { sql: string; values: unknown[] } {
  const cols = Object.entries(fields).filter(([, v]) => v !== undefined);
  return {
    sql: cols.map(([c], i) => `${c} = $${first + i}`).join(', '),
    values: cols.map(([, v]) => v),
  };
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}
export function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23503';
}
