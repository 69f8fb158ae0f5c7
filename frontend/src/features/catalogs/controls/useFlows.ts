// The Node-RED flows a control can run, loaded through the backend (never Node-RED directly).
import type { NodeRedFlowNode } from '@backend/contract';
import { useMemo } from 'react';
import { useResource } from '../../../lib/useResource';
import { mashupsFromFlows, type FlowNode, type Mashup } from '../../../lib/flows';
import { flowsApi } from './api';

export interface Flows {
  nodes: readonly FlowNode[];
  mashups: Mashup[];
  loading: boolean;
  error: unknown;
}

export function useFlows(enabled = true): Flows {
  const r = useResource<NodeRedFlowNode[]>(enabled ? 'nodered/flows' : null, (signal) =>
    flowsApi.nodes(signal),
  );
  const nodes = useMemo(() => (r.data ?? []) as FlowNode[], [r.data]);
  const mashups = useMemo(() => mashupsFromFlows(nodes), [nodes]);
  return { nodes, mashups, loading: r.loading, error: r.error };
}
