/** Flat org list → AntD tree data. */
import type { OrgUnit } from '../../api/types';

export interface OrgNode {
  key: number;
  title: string;
  unit: OrgUnit;
  children: OrgNode[];
}

export function buildTree(units: OrgUnit[], nameOf: (u: OrgUnit) => string, filter = ''): OrgNode[] {
  const byId = new Map<number, OrgNode>();
  for (const u of units) byId.set(u.id, { key: u.id, title: nameOf(u), unit: u, children: [] });
  const roots: OrgNode[] = [];
  for (const n of byId.values()) {
    const p = n.unit.parentId != null ? byId.get(n.unit.parentId) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  const sort = (ns: OrgNode[]) => {
    ns.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    ns.forEach((n) => sort(n.children));
  };
  sort(roots);
  if (!filter) return roots;
  const f = filter.toLowerCase();
  const keep = (n: OrgNode): OrgNode | null => {
    const kids = n.children.map(keep).filter((x): x is OrgNode => !!x);
    const hit = n.title.toLowerCase().includes(f) || n.unit.code.toLowerCase().includes(f);
    return hit || kids.length ? { ...n, children: kids } : null;
  };
  return roots.map(keep).filter((x): x is OrgNode => !!x);
}

export const LEVELS = ['province', 'city', 'county', 'station', 'hall'] as const;
export const AREA_TYPES = ['urban', 'rural', 'remote'] as const;

/** The levels a child of `parent` may have (one step or more down the hierarchy). */
export function childLevels(parent: OrgUnit | null): string[] {
  if (!parent) return ['province'];
  const i = LEVELS.indexOf(parent.level);
  if (parent.level === 'county') return ['station', 'hall'];
  if (parent.level === 'station' || parent.level === 'hall') return [];
  return LEVELS.slice(i + 1) as unknown as string[];
}
