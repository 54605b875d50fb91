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
  const re =
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

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
  assert.deepEqual(
    specifiers(
      `import { a } from './a.js';\nimport type {\n  B,\n} from "../b.js";\nexport * from './c.js';\nimport './d.js';\nconst e = await import('./e.js');`,
    ),
    ['./a.js', '../b.js', './c.js', './d.js', './e.js'],
  );
  const g = (pairs: [string, string][]) => {
    const m = new Map<string, Set<string>>();
    for (const [a, b] of pairs) m.set(a, (m.get(a) ?? new Set()).add(b));
    return m;
  };
  assert.equal(
    findCycle(
      g([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ),
    null,
  );
  assert.deepEqual(
    findCycle(
      g([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ]),
    ),
    ['a', 'b', 'c', 'a'],
  );
});

test('work orders import neither crews nor outages', () => {
  const all = edges();
  assert.ok(
    all.some((e) => e.from === 'modules/outages' && e.to === 'modules/workorders'),
    'the scan sees module imports',
  );
  const bad = all.filter((e) => e.from === 'modules/workorders' && (e.to === 'modules/crews' || e.to === 'modules/outages'));
  assert.deepEqual(
    bad.map((e) => `${e.file} → ${e.spec}`),
    [],
  );
});

test('no import cycle between module folders; platform imports no module', () => {
  const all = edges();
  const graph = new Map<string, Set<string>>();
  for (const e of all.filter((x) => x.from.startsWith('modules/') && x.to.startsWith('modules/')))
    graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
  const cycle = findCycle(graph);
  const witness = cycle
    ? cycle
        .slice(1)
        .map((to, i) => all.find((e) => e.from === cycle[i] && e.to === to)!)
        .map((e) => `${e.file} → ${e.spec}`)
    : [];
  assert.equal(cycle, null, `cycle ${cycle?.join(' → ')}: ${witness.join('; ')}`);
  const up = all.filter((e) => e.from === 'platform' && e.to.startsWith('modules/'));
  assert.deepEqual(
    up.map((e) => `${e.file} → ${e.spec}`),
    [],
  );
});

test('layers: platform imports neither http nor a module; db knows no domain', () => {
  const all = edges();
  const up = all.filter((e) => e.from === 'platform' && (e.to === 'http' || e.to.startsWith('modules/')));
  assert.deepEqual(
    up.map((e) => `${e.file} → ${e.spec}`),
    [],
  );
  const db = all.filter((e) => e.from === 'db' && e.to !== 'config.ts' && e.to !== 'config');
  assert.deepEqual(
    db.map((e) => `${e.file} → ${e.spec}`),
    [],
  );
});

/** Tests and test fixtures may reach into another module to arrange a case; production code may not. */
const isTestFile = (file: string) => /\.test\.ts$|test-support\.ts$/.test(file);

test('module faces: code outside a module imports only its index.ts', () => {
  const bad: string[] = [];
  for (const file of tsFiles(srcDir)) {
    const rel = path.relative(srcDir, file);
    if (isTestFile(rel)) continue;
    const from = rel.split(path.sep);
    const fromModule = from[0] === 'modules' && from.length > 2 ? from[1] : null;
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = path.relative(srcDir, path.resolve(path.dirname(file), spec)).split(path.sep);
      if (to[0] !== 'modules' || to.length < 3 || to[1] === fromModule) continue;
      if (to.length !== 3 || to[2] !== 'index.js') bad.push(`${rel} → ${spec}`);
    }
  }
  assert.deepEqual(bad, [], 'import the module through its index.ts');
});

/** Every SQL use of a table in src/ (tests and fixtures aside): which area's file, which table, read or write. */
export function tableUses(source: string): { table: string; write: boolean }[] {
  const out: { table: string; write: boolean }[] = [];
  for (const m of source.matchAll(/\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|FROM|JOIN|COPY)\s+([a-z_][a-z0-9_]*)\b/gi)) {
    out.push({ table: m[2], write: !/^(FROM|JOIN)$/i.test(m[1]) });
  }
  return out;
}

const areaOf = (rel: string) => {
  const r = rel.split(path.sep);
  return r[0] === 'modules' && r.length > 2 ? `modules/${r[1]}` : r[0] === 'platform' && r.length > 2 ? `platform/${r[1]}` : r[0].replace(/\.ts$/, '');
};

/**
 * Areas that build or copy the whole database and so touch every table: the demo seed (it writes
 * the territory the way an import would), backup/restore and the CLI around them.
 */
const WHOLE_DATABASE_AREAS = new Set(['seed', 'ops', 'cli']);

/**
 * Known debt, to shrink and never grow: reads of another area's table that still go straight to
 * SQL instead of through the owner's functions or its published view (`pub_<table>`), counted per
 * area and table. The test fails when a new one appears or a count rises; when one is removed,
 * lower or delete its line. Empty since the published views (migration 309).
 */
export const KNOWN_CROSS_READS: Record<string, number> = {};
/** Known debt: writes to another area's table. */
export const KNOWN_CROSS_WRITES: Record<string, number> = {};

test('table ownership: every table has one owner; others write it never and read it only as listed', async () => {
  const { TABLE_OWNERS, PUBLISHED_VIEWS } = await import('./table-owners.js');
  const migrations = path.resolve(srcDir, '../migrations');
  const created = fs
    .readdirSync(migrations)
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) => [...fs.readFileSync(path.join(migrations, f), 'utf8').matchAll(/CREATE TABLE(?: IF NOT EXISTS)?\s+([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]));
  // a table a later migration drops (late_fee_accruals, 630 → a view in 631) no longer needs an owner
  const dropped = new Set(
    fs
      .readdirSync(migrations)
      .filter((f) => f.endsWith('.sql'))
      .flatMap((f) => [...fs.readFileSync(path.join(migrations, f), 'utf8').matchAll(/^DROP TABLE(?: IF EXISTS)?\s+([a-z_][a-z0-9_]*)/gim)].map((m) => m[1])),
  );
  assert.deepEqual(
    created.filter((t) => !TABLE_OWNERS[t] && !dropped.has(t)),
    [],
    'every table the migrations create has an owner in src/modules/table-owners.ts',
  );
  const reads: Record<string, number> = {};
  const writes: Record<string, number> = {};
  for (const file of tsFiles(srcDir)) {
    const rel = path.relative(srcDir, file);
    if (isTestFile(rel)) continue;
    const area = areaOf(rel);
    if (WHOLE_DATABASE_AREAS.has(area)) continue;
    for (const u of tableUses(fs.readFileSync(file, 'utf8'))) {
      if (PUBLISHED_VIEWS[u.table] && u.write) writes[`${area} → ${u.table} (a published view is read-only)`] = 1;
      const owner = TABLE_OWNERS[u.table];
      if (!owner || owner === area) continue;
      const key = `${area} → ${u.table}`;
      (u.write ? writes : reads)[key] = ((u.write ? writes : reads)[key] ?? 0) + 1;
    }
  }
  const grown = (seen: Record<string, number>, known: Record<string, number>) =>
    Object.entries(seen)
      .filter(([k, n]) => n > (known[k] ?? 0))
      .map(([k, n]) => `${k}: ${n} (listed ${known[k] ?? 0})`);
  assert.deepEqual(grown(writes, KNOWN_CROSS_WRITES), [], "a write to another area's table: call the owner's function");
  assert.deepEqual(grown(reads, KNOWN_CROSS_READS), [], "a read of another area's table: use the owner's function or view");
  const stale = Object.keys({ ...KNOWN_CROSS_READS, ...KNOWN_CROSS_WRITES }).filter((k) => !(k in reads) && !(k in writes));
  assert.deepEqual(stale, [], 'debt paid: remove these lines from the known lists');
});

test("published views: declared with their owner, each reads only its owner's tables, and no table of that name", async () => {
  const { TABLE_OWNERS, PUBLISHED_VIEWS } = await import('./table-owners.js');
  const migrations = path.resolve(srcDir, '../migrations');
  const sql = fs
    .readdirSync(migrations)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => fs.readFileSync(path.join(migrations, f), 'utf8').replace(/--[^\n]*/g, ''))
    .join('\n');
  const views = [...sql.matchAll(/CREATE (?:OR REPLACE )?VIEW\s+([a-z_][a-z0-9_]*)\s+AS([^;]*);/gi)].map((m) => ({ name: m[1], body: m[2] }));
  const problems: string[] = [];
  for (const v of views) {
    const decl = PUBLISHED_VIEWS[v.name];
    if (!decl) {
      problems.push(`${v.name}: a view not declared in PUBLISHED_VIEWS`);
      continue;
    }
    for (const t of decl.tables) if (TABLE_OWNERS[t] !== decl.owner) problems.push(`${v.name}: ${t} is owned by ${TABLE_OWNERS[t]}, not ${decl.owner}`);
    const read = tableUses(v.body).map((u) => u.table);
    if (read.some((t) => !decl.tables.includes(t))) problems.push(`${v.name}: reads ${read.join(', ')}, not only ${decl.tables.join(', ')}`);
    if (/\*/.test(v.body.split(/\bFROM\b/i)[0])) problems.push(`${v.name}: names its columns (no *)`);
  }
  for (const name of Object.keys(PUBLISHED_VIEWS)) {
    if (!views.some((v) => v.name === name)) problems.push(`${name}: declared but no migration creates it`);
    if (TABLE_OWNERS[name]) problems.push(`${name}: both a table and a published view`);
  }
  assert.deepEqual(problems, []);
});

test('the ownership scan reads SQL the way the code writes it', () => {
  assert.deepEqual(
    tableUses(
      `SELECT 1 FROM work_orders o JOIN org_units u ON u.id = o.org_unit_id; UPDATE outages SET x = 1; INSERT INTO outbox (a) VALUES (1); DELETE FROM sessions`,
    ),
    [
      { table: 'work_orders', write: false },
      { table: 'org_units', write: false },
      { table: 'outages', write: true },
      { table: 'outbox', write: true },
      { table: 'sessions', write: true },
    ],
  );
});

test('thin routes: no SQL, transaction or audit call in a routes file', () => {
  const bad: string[] = [];
  for (const file of tsFiles(srcDir)) {
    const rel = path.relative(srcDir, file);
    if (isTestFile(rel) || !/(routes?[^/]*|[^/]*-routes?)\.ts$/.test(path.basename(rel))) continue;
    const s = fs.readFileSync(file, 'utf8');
    for (const [what, re] of [
      ['SQL', /\.(query|queryRows|queryOne)\s*[(<]/],
      ['withTx', /\bwithTx\s*\(/],
      ['recordAudit', /\brecordAudit\s*\(/],
      ['a cast of the request', /\breq\.(body|params|query|headers)\s+as\b/],
    ] as const) {
      if (re.test(s)) bad.push(`${rel}: ${what}`);
    }
  }
  assert.deepEqual(bad, [], 'a route validates, calls one use case and answers');
});
