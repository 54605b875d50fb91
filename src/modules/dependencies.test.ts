/**
 * The direction of dependencies, checked over the import statements of every src/**\/*.ts file
 * (type-only imports and tests included): platform ← customers/network ← workorders ← outages/crews.
 * Work orders never import crews or outages; no two module folders import each other, directly or
 * through others; platform code imports no module.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** src/ of the repository, from dist/src/modules or src/modules */
const srcDir = [path.resolve(here, '../../../src'), path.resolve(here, '..')].find((d) => fs.existsSync(path.join(d, 'modules', 'workorders')))!;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier a file names: import … from, export … from, side-effect imports, import(). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

interface Edge { from: string; to: string; file: string; spec: string }

/** Imports between top-level areas: `modules/<name>`, `platform`, `http`, ... (relative imports only). */
function edges(): Edge[] {
  const area = (abs: string) => {
    const rel = path.relative(srcDir, abs).split(path.sep);
    if (rel[0] === '..') return null;
    return rel[0] === 'modules' && rel.length > 2 ? `modules/${rel[1]}` : rel.length > 1 ? rel[0] : null;
  };
  const out: Edge[] = [];
  for (const file of tsFiles(srcDir)) {
    const from = area(file);
    if (!from) continue;
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = area(path.resolve(path.dirname(file), spec));
      if (to && to !== from) out.push({ from, to, file: path.relative(srcDir, file), spec });
    }
  }
  return out;
}

/** Pure: the first cycle found in a directed graph (as a path a → … → a), or null. */
export function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of [...graph.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

test('the checker reads every kind of import and finds cycles', () => {
  assert.deepEqual(specifiers(`import { a } from './a.js';\nimport type {\n  B,\n} from "../b.js";\nexport * from './c.js';\nimport './d.js';\nconst e = await import('./e.js');`), ['./a.js', '../b.js', './c.js', './d.js', './e.js']);
  const g = (pairs: [string, string][]) => { const m = new Map<string, Set<string>>(); for (const [a, b] of pairs) m.set(a, (m.get(a) ?? new Set()).add(b)); return m; };
  assert.equal(findCycle(g([['a', 'b'], ['b', 'c']])), null);
  assert.deepEqual(findCycle(g([['a', 'b'], ['b', 'c'], ['c', 'a']])), ['a', 'b', 'c', 'a']);
});

test('work orders import neither crews nor outages', () => {
  const all = edges();
  assert.ok(all.some((e) => e.from === 'modules/outages' && e.to === 'modules/workorders'), 'the scan sees module imports');
  const bad = all.filter((e) => e.from === 'modules/workorders' && (e.to === 'modules/crews' || e.to === 'modules/outages'));
  assert.deepEqual(bad.map((e) => `${e.file} → ${e.spec}`), []);
});

test('no import cycle between module folders; platform imports no module', () => {
  const all = edges();
  const graph = new Map<string, Set<string>>();
  for (const e of all.filter((x) => x.from.startsWith('modules/') && x.to.startsWith('modules/'))) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
  const cycle = findCycle(graph);
  const witness = cycle ? cycle.slice(1).map((to, i) => all.find((e) => e.from === cycle[i] && e.to === to)!).map((e) => `${e.file} → ${e.spec}`) : [];
  assert.equal(cycle, null, `cycle ${cycle?.join(' → ')}: ${witness.join('; ')}`);
  const up = all.filter((e) => e.from === 'platform' && e.to.startsWith('modules/'));
  assert.deepEqual(up.map((e) => `${e.file} → ${e.spec}`), []);
});
