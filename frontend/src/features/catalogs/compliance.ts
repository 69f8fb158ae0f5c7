// Compliance as the pages show it, computed from what the backend stores: a control passes when its
// latest computation says `value: true`; a catalog's compliance is the share of its controls that
// pass among those that have run. Over time, each day's share of passing results (computations, or
// the registry's points when a finalized catalog has them).
import type { Computation, Control, Point } from '@backend/contract';

/** When a computation happened: the end of the period it covers, else when it was stored. */
export function computationTime(c: Pick<Computation, 'period' | 'createdAt'>): string {
  return c.period?.to ?? c.createdAt;
}

/** The newest computation of each control (input in any order). */
export function latestByControl(computations: readonly Computation[]): Map<number, Computation> {
  const latest = new Map<number, Computation>();
  for (const c of computations) {
    if (c.controlId == null) continue;
    const seen = latest.get(c.controlId);
    if (!seen || computationTime(c) > computationTime(seen)) latest.set(c.controlId, c);
  }
  return latest;
}

export interface Compliance {
  passing: number;
  failing: number;
  /** Controls with no computation (or one without a boolean value). */
  notRun: number;
  total: number;
  /** 0..100, or null when no control has a result yet. */
  pct: number | null;
}

export function compliance(
  controls: readonly Pick<Control, 'id'>[],
  latest: ReadonlyMap<number, Pick<Computation, 'value'>>,
): Compliance {
  let passing = 0;
  let failing = 0;
  for (const c of controls) {
    const v = latest.get(c.id)?.value;
    if (v === true) passing++;
    else if (v === false) failing++;
  }
  const ran = passing + failing;
  return {
    passing,
    failing,
    notRun: controls.length - ran,
    total: controls.length,
    pct: ran ? Math.round((passing / ran) * 100) : null,
  };
}

export interface Sample {
  at: string;
  ok: boolean;
}
export interface DayCompliance {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** 0..100 */
  pct: number;
  /** How many results that day. */
  n: number;
}

export const samplesFromComputations = (cs: readonly Computation[]): Sample[] =>
  cs
    .filter((c) => typeof c.value === 'boolean')
    .map((c) => ({ at: computationTime(c), ok: c.value === true }));

export const samplesFromPoints = (ps: readonly Point[]): Sample[] =>
  ps.map((p) => ({ at: p.timestamp, ok: p.guaranteeResult }));

/** One entry per UTC day that has results, oldest first. */
export function dailyCompliance(samples: readonly Sample[]): DayCompliance[] {
  const days = new Map<string, { ok: number; n: number }>();
  for (const s of samples) {
    const t = Date.parse(s.at);
    if (Number.isNaN(t)) continue;
    const day = new Date(t).toISOString().slice(0, 10);
    const d = days.get(day) ?? { ok: 0, n: 0 };
    d.n++;
    if (s.ok) d.ok++;
    days.set(day, d);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, d]) => ({ day, pct: Math.round((d.ok / d.n) * 100), n: d.n }));
}

/** The tone of a compliance badge. */
export function complianceTone(pct: number | null): 'success' | 'warning' | 'danger' | 'neutral' {
  if (pct === null) return 'neutral';
  if (pct >= 90) return 'success';
  if (pct >= 60) return 'warning';
  return 'danger';
}
