// Tests only: Grafana's PostgreSQL macros and template variables expanded the simple way, so a
// panel's raw SQL can run against the test database. A schema change then breaks a test, not a
// dashboard. Covers the macros our panels and provisioned dashboards use; an unknown macro throws.
export interface Expansion {
  from?: Date;
  to?: Date;
  /** Template variables: `$name`, `${name}` and `${name:csv}` become the value (already SQL). */
  vars?: Record<string, string>;
}

export function expandGrafanaSql(sql: string, o: Expansion = {}): string {
  const from = `'${(o.from ?? new Date(Date.now() - 30 * 86400_000)).toISOString()}'::timestamptz`;
  const to = `'${(o.to ?? new Date(Date.now() + 60_000)).toISOString()}'::timestamptz`;
  const bucket = (col: string) => `to_timestamp(floor(extract(epoch from ${col}) / 3600) * 3600)`;
  let out = sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_m, c: string) => `${c.trim()} BETWEEN ${from} AND ${to}`)
    .replace(/\$__timeFrom\(\)/g, from)
    .replace(/\$__timeTo\(\)/g, to)
    .replace(/\$__timeGroupAlias\(([^,)]+)[^)]*\)/g, (_m, c: string) => `${bucket(c.trim())} AS "time"`)
    .replace(/\$__timeGroup\(([^,)]+)[^)]*\)/g, (_m, c: string) => bucket(c.trim()))
    .replace(/\$__time\(([^)]+)\)/g, (_m, c: string) => `${c.trim()} AS "time"`);
  for (const [name, value] of Object.entries(o.vars ?? {}))
    out = out
      .replace(new RegExp(`\\$\\{${name}(:[a-z]+)?\\}`, 'g'), value)
      .replace(new RegExp(`\\$${name}\\b`, 'g'), value);
  const left = /\$__\w+|\$\{?[A-Za-z_]\w*/.exec(out);
  if (left) throw new Error(`unexpanded Grafana macro or variable ${left[0]} in: ${out}`);
  return out;
}
