// Mashups are the Node-RED flow tabs a control can run: a tab with at least one `http in` node,
// whose URL is the endpoint a control stores in `params.endpoint`. The backend hands us the flat
// node list of `GET /nodered/flows`; this module groups it.

/** One element of Node-RED's flat flow configuration (`GET /flows`, API v1). */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  label?: unknown;
  info?: unknown;
  url?: unknown;
  method?: unknown;
  disabled?: unknown;
  [key: string]: unknown;
}

export interface Mashup {
  id: string;
  label: string;
  info: string;
  /** The HTTP-in paths of the tab (`/check`), in flow order; the first is the main one. */
  endpoints: { url: string; method: string }[];
  numNodes: number;
  disabled: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function mashupsFromFlows(nodes: readonly FlowNode[]): Mashup[] {
  const counts = new Map<string, number>();
  const endpoints = new Map<string, Mashup['endpoints']>();
  for (const n of nodes) {
    if (!n.z) continue;
    counts.set(n.z, (counts.get(n.z) ?? 0) + 1);
    if (n.type === 'http in' && str(n.url)) {
      const list = endpoints.get(n.z) ?? [];
      list.push({ url: str(n.url), method: str(n.method).toUpperCase() || 'GET' });
      endpoints.set(n.z, list);
    }
  }
  return nodes
    .filter((n) => n.type === 'tab' && endpoints.has(n.id))
    .map((tab) => ({
      id: tab.id,
      label: str(tab.label).trim(),
      info: str(tab.info).trim(),
      endpoints: endpoints.get(tab.id)!,
      numNodes: counts.get(tab.id) ?? 0,
      disabled: tab.disabled === true,
    }))
    .sort((a, b) => (a.label || a.id).localeCompare(b.label || b.id));
}

function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}

/** The flow in the Node-RED editor: `<nodeRedBase>/#flow/<id>`. */
export function editorUrl(nodeRedBase: string, flowId: string): string {
  return `${trimBase(nodeRedBase)}/#flow/${encodeURIComponent(flowId)}`;
}

/** Where the flow's HTTP-in endpoint answers through the proxy (httpNodeRoot is `/api/v1`). */
export function endpointUrl(nodeRedBase: string, url: string): string {
  return `${trimBase(nodeRedBase)}/api/v1/${url.replace(/^\/+/, '')}`;
}
