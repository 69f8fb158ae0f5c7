import { describe, expect, it } from 'vitest';
import { buildTree, folderOptions } from './dashboardTree';

const folders = [
  { uid: 'f-ops', title: 'Operations' },
  { uid: 'f-audit', title: 'Audit' },
  { uid: 'f-eu', title: 'Europe', parentUid: 'f-ops' },
];
const dashboards = [
  { uid: 'd1', title: 'Tickets', type: 'dash-db', folderUid: 'f-ops' },
  { uid: 'd2', title: 'Spain', type: 'dash-db', folderUid: 'f-eu' },
  { uid: 'd3', title: 'Home', type: 'dash-db' },
  { uid: 'd4', title: 'Lost', type: 'dash-db', folderUid: 'gone' },
];

describe('buildTree', () => {
  it('nests folders by parent, dashboards by folder, and keeps the rest in General', () => {
    const tree = buildTree(folders, dashboards);
    expect(tree.folders.map((n) => n.folder.title)).toEqual(['Audit', 'Operations']);
    const ops = tree.folders[1]!;
    expect(ops.dashboards.map((d) => d.uid)).toEqual(['d1']);
    expect(ops.children.map((c) => c.folder.uid)).toEqual(['f-eu']);
    expect(ops.total).toBe(2);
    expect(tree.general.map((d) => d.uid)).toEqual(['d3', 'd4']);
  });

  it('filters by dashboard or folder title and keeps the path to a match', () => {
    const tree = buildTree(folders, dashboards, 'spa');
    expect(tree.folders.map((n) => n.folder.uid)).toEqual(['f-ops']);
    expect(tree.folders[0]!.dashboards).toEqual([]);
    expect(tree.folders[0]!.children[0]!.dashboards.map((d) => d.uid)).toEqual(['d2']);
    expect(tree.general).toEqual([]);
    // a matching folder shows all it holds
    expect(buildTree(folders, dashboards, 'europe').folders[0]!.children[0]!.dashboards).toHaveLength(1);
  });

  it('never crashes on answers that are not lists', () => {
    expect(buildTree({ message: 'x' }, 'nope')).toEqual({ folders: [], general: [] });
    expect(buildTree([null, { uid: 'a', title: 'A' }], [{ uid: 1 }]).folders).toHaveLength(1);
  });

  it('indents folder options by depth', () => {
    expect(folderOptions(folders).map((o) => o.label)).toEqual(['Audit', 'Operations', '— Europe']);
  });
});
