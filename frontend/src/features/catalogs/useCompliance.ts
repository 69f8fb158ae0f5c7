// Compliance of every catalog from two calls: all controls, and the newest computations (their latest
// result per control). Controls whose last run is older than that window count as not run; the
// window is stated on the overview.
import type { Computation, Control } from '@backend/contract';
import { useMemo } from 'react';
import { useResource } from '../../lib/useResource';
import { overviewApi } from './api';
import { compliance, latestByControl, type Compliance } from './compliance';

export const RECENT_WINDOW = 200;

export function useComplianceIndex() {
  const controls = useResource<Control[]>('controls:all', (s) => overviewApi.controls(s));
  const computations = useResource<Computation[]>(`computations:recent:${RECENT_WINDOW}`, (s) =>
    overviewApi.recentComputations(RECENT_WINDOW, s),
  );
  const latest = useMemo(() => latestByControl(computations.data ?? []), [computations.data]);
  const byCatalog = useMemo(() => {
    const groups = new Map<number, Control[]>();
    for (const c of controls.data ?? []) groups.set(c.catalogId, [...(groups.get(c.catalogId) ?? []), c]);
    const out = new Map<number, Compliance>();
    for (const [id, cs] of groups) out.set(id, compliance(cs, latest));
    return out;
  }, [controls.data, latest]);
  return {
    controls,
    computations,
    latest,
    byCatalog,
    ready: controls.data !== undefined && computations.data !== undefined,
    error: controls.error ?? computations.error,
  };
}
