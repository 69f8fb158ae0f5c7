// Grafana folders (nested by parentUid) with their dashboards (by folderUid), filtered by a text.
import type { GrafanaFolder, GrafanaSearchHit } from '@backend/contract';

export interface FolderNode {
  folder: GrafanaFolder;
  children: FolderNode[];
  dashboards: GrafanaSearchHit[];
  /** Dashboards in this folder and every sub-folder. */
  total: number;
}

export interface DashboardTree {
  folders: FolderNode[];
  /** Dashboards outside any folder (Grafana's "General"). */
  general: GrafanaSearchHit[];
}

/**
 * The items of an answer that should be a list of `{uid, title}`: undefined when it is not a list at
 * all (the page shows an error state), otherwise only the well-formed items. Grafana's answers reach
 * us through the backend, which checks them, but the page must never crash on one ("e.map is not a
 * function" once took the whole page down).
 */
export function listOf<T extends { uid: string; title: string }>(v: unknown): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(
    (x: unknown): x is T =>
      !!x && typeof x === 'object' && typeof (x as T).uid === 'string' && typeof (x as T).title === 'string',
  );
}

const byTitle = <T extends { title: string }>(a: T, b: T) =>
  a.title.localeCompare(b.title, undefined, { sensitivity: 'base', numeric: true });

export function buildTree(
  folderAnswer: readonly GrafanaFolder[] | unknown,
  dashboardAnswer: readonly GrafanaSearchHit[] | unknown,
  filter = '',
): DashboardTree {
  const folders = listOf<GrafanaFolder>(folderAnswer) ?? [];
  const dashboards = listOf<GrafanaSearchHit>(dashboardAnswer) ?? [];
  const q = filter.trim().toLowerCase();
  const known = new Set(folders.map((f) => f.uid));
  const inFolder = new Map<string, GrafanaSearchHit[]>();
  const general: GrafanaSearchHit[] = [];
  for (const d of dashboards) {
    if (d.folderUid && known.has(d.folderUid)) {
      const list = inFolder.get(d.folderUid) ?? [];
      list.push(d);
      inFolder.set(d.folderUid, list);
    } else general.push(d);
  }
  const childrenOf = new Map<string, GrafanaFolder[]>();
  const roots: GrafanaFolder[] = [];
  for (const f of folders) {
    if (f.parentUid && known.has(f.parentUid) && f.parentUid !== f.uid) {
      const list = childrenOf.get(f.parentUid) ?? [];
      list.push(f);
      childrenOf.set(f.parentUid, list);
    } else roots.push(f);
  }
  const matches = (title: string) => !q || title.toLowerCase().includes(q);

  const build = (f: GrafanaFolder, seen: Set<string>, parentMatched: boolean): FolderNode | null => {
    if (seen.has(f.uid)) return null; // a parent cycle: show each folder once
    seen.add(f.uid);
    const self = parentMatched || matches(f.title);
    const children = (childrenOf.get(f.uid) ?? [])
      .sort(byTitle)
      .map((c) => build(c, seen, self))
      .filter((n): n is FolderNode => n !== null);
    const dashboardsHere = (inFolder.get(f.uid) ?? []).filter((d) => self || matches(d.title)).sort(byTitle);
    if (q && !self && children.length === 0 && dashboardsHere.length === 0) return null;
    const total = dashboardsHere.length + children.reduce((n, c) => n + c.total, 0);
    return { folder: f, children, dashboards: dashboardsHere, total };
  };
  const seen = new Set<string>();
  return {
    folders: [...roots]
      .sort(byTitle)
      .map((f) => build(f, seen, false))
      .filter((n): n is FolderNode => n !== null),
    general: general.filter((d) => matches(d.title)).sort(byTitle),
  };
}

/** Folder options for a select, indented by depth ("— child"). */
export function folderOptions(folders: readonly GrafanaFolder[]): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const walk = (nodes: FolderNode[], depth: number) => {
    for (const n of nodes) {
      out.push({ value: n.folder.uid, label: `${'— '.repeat(depth)}${n.folder.title}` });
      walk(n.children, depth + 1);
    }
  };
  walk(buildTree(folders, []).folders, 0);
  return out;
}
