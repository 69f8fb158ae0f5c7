// GET /api/v1/catalogs/:tpaId/points?from=&to= (spec §5.5 calculatePoints), fixed (B8): the
// agreement is built from the catalog, created or updated in the registry only when it changed, the
// guarantee states are fetched with the caller's token (the registry hands it back to
// POST /computations), and each state becomes a point at the start of its last period, stored with
// the points table's de-duplicating key. Answers every point of the agreement in [from, to) as a
// list (http/lists.ts): every row, or one page with ?limit=&offset=, X-Total-Count and Link.
import { HttpError, notFound } from '../../http/errors.js';
import { jsonList } from '../../http/lists.js';
import { route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { extractAccessToken } from '../auth/middleware.js';
import { PointsRepository } from '../points/repository.js';
import { point } from '../points/schemas.js';
import { periodEnd, PERIODS, type Period } from '../controls/periods.js';
import { buildAgreement, type ControlForAgreement, type ScopeSpec } from './agreement.js';
import { RegistryError, type GuaranteeState } from './client.js';
import { pointsParams, pointsQuery } from './schemas.js';

/** Starts of the periods from `from` while before `to` (getDates of the original, with annually). */
export function periodStarts(from: Date, to: Date, period: string): Date[] {
  const p =
    ({ yearly: 'ANNUALLY', annually: 'ANNUALLY' } as Record<string, string>)[period.toLowerCase()] ??
    period.toUpperCase();
  if (!(PERIODS as readonly string[]).includes(p)) throw new Error(`Invalid period type: ${period}`);
  const out: Date[] = [];
  for (let d = from; d.getTime() < to.getTime() && out.length < 100_000; d = periodEnd(d, p as Period))
    out.push(d);
  return out;
}

export function statesToPoints(states: GuaranteeState[], agreement: Record<string, unknown>) {
  const guarantees = ((
    agreement.terms as { guarantees?: { id: string; of: { window: { period: string } }[] }[] }
  )?.guarantees ?? []) as { id: string; of: { window: { period: string } }[] }[];
  return states.flatMap((s) => {
    const term = guarantees.find((g) => g.id === s.id);
    const period = term?.of[0]?.window.period ?? 'monthly';
    const starts = periodStarts(new Date(s.period.from), new Date(s.period.to), period);
    const ts = starts.at(-1) ?? new Date(s.period.from);
    const first = Object.values(s.metrics ?? {})[0];
    const value = typeof first === 'number' ? first : Number((first as { value?: unknown })?.value ?? NaN);
    if (!Number.isFinite(value)) return [];
    const group = s.evidences?.[0]?.computationGroup;
    return [
      {
        agreementId: s.agreementId,
        guaranteeId: s.id,
        guaranteeValue: value,
        guaranteeResult: Boolean(s.value),
        timestamp: ts,
        metrics: s.metrics ?? {},
        scope: s.scope ?? {},
        computationGroup: group && /^[0-9a-f-]{36}$/i.test(group) ? group : null,
      },
    ];
  });
}

export function registryRoutes(s: Pick<AppServices, 'db' | 'registry' | 'config'>): Route[] {
  const { db, registry } = s;
  const points = new PointsRepository(db);
  const prefix = s.config.API_PREFIX;
  return [
    route({
      method: 'GET',
      path: '/catalogs/:tpaId/points',
      access: 'authenticated',
      summary:
        'Compute the points of an agreement (tpaId) through the Governify registry and list those in [from, to) (every row; or a page with ?limit=&offset=)',
      params: pointsParams,
      query: pointsQuery,
      response: point.array(),
      handler: async ({ req, params: { tpaId }, query: { limit, offset, ...q } }) => {
        const cat = await db.query<{ id: number; start_date: Date; end_date: Date | null }>(
          'SELECT id, start_date, end_date FROM catalogs WHERE tpa_id = $1',
          [tpaId],
        );
        const catalog = cat.rows[0];
        if (!catalog) throw notFound('Catalog not found');
        const controls = (
          await db.query<ControlForAgreement>(
            `SELECT id, name, description, period, params FROM controls
             WHERE catalog_id = $1 AND status = 'finalized' ORDER BY id`,
            [catalog.id],
          )
        ).rows;
        const sets = await db.query<{ control_id: number; scopes: Record<string, unknown> }>(
          'SELECT control_id, scopes FROM scope_sets WHERE control_id = ANY($1::int[]) ORDER BY id',
          [controls.map((c) => c.id)],
        );
        const scopeSets = new Map<number, Record<string, unknown>[]>();
        for (const row of sets.rows)
          scopeSets.set(row.control_id, [...(scopeSets.get(row.control_id) ?? []), row.scopes]);
        const names = [...new Set(sets.rows.flatMap((row) => Object.keys(row.scopes)))];
        const scopes = (
          await db.query<ScopeSpec>(
            'SELECT name, description, type, default_value AS default FROM scopes WHERE name = ANY($1::text[])',
            [names],
          )
        ).rows;
        const agreement = buildAgreement({
          catalog: { tpaId, startDate: catalog.start_date, endDate: catalog.end_date },
          controls,
          scopeSets,
          scopes,
          bulkUrl: `http://status-backend:3001${prefix}/computations/bulk`,
          computationsPath: `${prefix}/computations`,
        });
        try {
          await registry.upsertAgreement(tpaId, agreement);
          const states = await registry.guaranteeStates(tpaId, q, extractAccessToken(req));
          await points.insertMany(statesToPoints(Array.isArray(states) ? states : [], agreement) as never);
        } catch (err) {
          if (err instanceof RegistryError) throw new HttpError(502, `Failed to get points: ${err.message}`);
          throw err;
        }
        return jsonList(
          db,
          points.listQuery({ agreementId: tpaId, from: q.from, before: q.to }, 'byGuarantee'),
          { limit, offset },
        );
      },
    }),
  ];
}
