// The panels of a Grafana dashboard JSON that can be embedded one by one: rows are not panels, but
// a collapsed row carries its panels inside it.
export interface EmbeddablePanel {
  id: number;
  title: string;
  type: string;
}

export function embeddablePanels(panels: unknown): EmbeddablePanel[] {
  if (!Array.isArray(panels)) return [];
  const out: EmbeddablePanel[] = [];
  for (const p of panels as Record<string, unknown>[]) {
    if (!p || typeof p !== 'object') continue;
    if (p.type === 'row') {
      out.push(...embeddablePanels(p.panels));
      continue;
    }
    const id = Number(p.id);
    if (!Number.isInteger(id) || id < 0) continue;
    out.push({
      id,
      title: typeof p.title === 'string' ? p.title : '',
      type: typeof p.type === 'string' ? p.type : '',
    });
  }
  return out;
}
