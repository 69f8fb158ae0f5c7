// agreementBuilder (spec §5.5): the Governify TPA of a catalog and its controls. Fixed: each
// guarantee's `of` lists only its own control's scope sets (B20); a control without scope sets gets
// one element with the empty scope; dates are ISO strings; the backend URL is given, not hard-coded.
export interface CatalogForAgreement {
  tpaId: string;
  startDate: Date;
  endDate: Date | null;
}
export interface ControlForAgreement {
  id: number;
  name: string;
  description: string | null;
  period: string;
  params: Record<string, unknown>;
}
export interface ScopeSpec {
  name: string;
  description: string;
  type: string;
  default: string;
}

export const metricName = (controlName: string) => `${guaranteeName(controlName)}_METRIC`;
export const guaranteeName = (controlName: string) => controlName.trim().toUpperCase().replace(/\s+/g, '_');

export function buildAgreement(o: {
  catalog: CatalogForAgreement;
  controls: ControlForAgreement[];
  /** control id → its scope sets (each a map scope name → value). */
  scopeSets: Map<number, Record<string, unknown>[]>;
  scopes: ScopeSpec[];
  /** Where Node-RED posts results: `<backend>/api/v1/computations/bulk`. */
  bulkUrl: string;
  computationsPath: string;
}): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  const guarantees: unknown[] = [];
  const specs = new Map(o.scopes.map((s) => [s.name, s]));
  for (const c of o.controls) {
    const name = guaranteeName(c.name);
    const metric = metricName(c.name);
    const { endpoint, threshold, ...params } = c.params ?? {};
    metrics[metric] = {
      collector: {
        infrastructurePath: 'status-backend',
        endpoint: o.computationsPath,
        type: 'POST-GET-V1-STATUS',
        config: { backendUrl: o.bulkUrl },
      },
      measure: { endpoint, params, scope: {} },
    };
    const sets = o.scopeSets.get(c.id) ?? [];
    const used = [...new Set(sets.flatMap((s) => Object.keys(s)))];
    guarantees.push({
      id: name,
      notes: '',
      description: c.description ?? '',
      scope: Object.fromEntries(
        used.map((k) => {
          const s = specs.get(k);
          return [
            k,
            {
              name: k,
              description: s?.description ?? '',
              type: s?.type ?? 'string',
              default: s?.default ?? '',
            },
          ];
        }),
      ),
      of: (sets.length ? sets : [{}]).map((scope) => ({
        scope,
        objective: `${metric} >= ${String(threshold)}`,
        with: { [metric]: {} },
        window: { type: 'static', initial: '2022-01-01', period: c.period.toLowerCase() },
      })),
    });
  }
  return {
    id: o.catalog.tpaId,
    version: '1.0.0',
    type: 'agreement',
    context: {
      validity: {
        initial: '2022-01-01',
        timeZone: 'UTC',
        startDate: o.catalog.startDate.toISOString(),
        endDate: (o.catalog.endDate ?? new Date(Date.UTC(2099, 0, 1))).toISOString(),
      },
      definitions: { schemas: {}, scopes: {} },
    },
    terms: { metrics, guarantees },
  };
}
