// GET /api/v1/catalogs/:tpaId/points?from=&to= (spec §5.5 calculatePoints), fixed (B8): the
// agreement is built from the catalog, created or updated in the registry only when it changed, the
// guarantee states are fetched with the caller's token (the registry hands it back to
// POST /computations), and each state becomes a point at the start of its last period, stored with
// the points table's de-duplicating key. Answers every point of the agreement in [from, to).
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError, notFound } from '../../http/errors.js';
import { validateParams, validateQuery } from '../../http/validate.js';
import { extractAccessToken } from '../auth/middleware.js';
import { PointsRepository, toPoint, type PointRow } from '../points/repository.js';
import { periodEnd, PERIODS, type Period } from '../runs/service.js';
import { buildAgreement, type ControlForAgreement, type ScopeSpec } from './agreement.js';
import { RegistryClient, RegistryError, type GuaranteeState } from './client.js';
import { pointsParams as params, pointsQuery as query } from './schemas.js';

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

export function registryRouter(deps: AppDeps): Router {
  const r = Router();
  const registry = new RegistryClient(deps.config.REGISTRY_URL ?? 'http://localhost:5400');
  const points = new PointsRepository(deps.db);
  r.get('/:tpaId/points', async (req, res) => {
    const { tpaId } = validateParams(params, req);
    const q = validateQuery(query, req);
    const cat = await deps.db.query<{ id: number; start_date: Date; end_date: Date | null }>(
      'SELECT id, start_date, end_date FROM catalogs WHERE tpa_id = $1',
      [tpaId],
    );
    const catalog = cat.rows[0];
    if (!catalog) throw notFound('Catalog not found');
    const controls = (
      await deps.db.query<ControlForAgreement>(
        `SELECT id, name, description, period, params FROM controls
         WHERE catalog_id = $1 AND status = 'finalized' ORDER BY id`,
        [catalog.id],
      )
    ).rows;
    const sets = await deps.db.query<{ control_id: number; scopes: Record<string, unknown> }>(
      'SELECT control_id, scopes FROM scope_sets WHERE control_id = ANY($1::int[]) ORDER BY id',
      [controls.map((c) => c.id)],
    );
    const scopeSets = new Map<number, Record<string, unknown>[]>();
    for (const s of sets.rows)
      scopeSets.set(s.control_id, [...(scopeSets.get(s.control_id) ?? []), s.scopes]);
    const names = [...new Set(sets.rows.flatMap((s) => Object.keys(s.scopes)))];
    const scopes = (
      await deps.db.query<ScopeSpec>(
        'SELECT name, description, type, default_value AS default FROM scopes WHERE name = ANY($1::text[])',
        [names],
      )
    ).rows;
    const prefix = deps.config.API_PREFIX;
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
    const all = await deps.db.query<PointRow>(
      `SELECT * FROM points WHERE agreement_id = $1 AND "timestamp" >= $2 AND "timestamp" < $3 ORDER BY "timestamp", guarantee_id`,
      [tpaId, q.from, q.to],
    );
    res.json(all.rows.map(toPoint));
  });
  return r;
}
