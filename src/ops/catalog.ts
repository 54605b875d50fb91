/**
 * What a backup contains, read from the PostgreSQL catalog: the ordinary tables of the public
 * schema (partitions included, partitioned parents left out since their rows live in the
 * partitions), each with its copyable columns, in foreign-key dependency order (referenced
 * tables first), and the schema's sequences.
 */
import type { Queryable } from '../db/pool.js';

export interface TableInfo {
  name: string;
  columns: string[];
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Kahn's topological sort; ties broken by name so the order is stable. Returns the order and whether a cycle was left. */
export function dependencyOrder(names: string[], dependsOn: Map<string, Set<string>>): { order: string[]; cyclic: string[] } {
  const pending = new Map(names.map((n) => [n, new Set([...(dependsOn.get(n) ?? [])].filter((d) => d !== n && names.includes(d)))]));
  const order: string[] = [];
  for (;;) {
    const ready = [...pending]
      .filter(([, deps]) => deps.size === 0)
      .map(([n]) => n)
      .sort();
    if (ready.length === 0) break;
    for (const n of ready) {
      order.push(n);
      pending.delete(n);
      for (const deps of pending.values()) deps.delete(n);
    }
  }
  const cyclic = [...pending.keys()].sort();
  return { order: [...order, ...cyclic], cyclic };
}

export async function listTables(q: Queryable): Promise<{ tables: TableInfo[]; cyclic: string[] }> {
  const rels = await q.query<{ oid: number; name: string; columns: string[]; ancestors: string[] }>(
    `SELECT c.oid::int AS oid, c.relname AS name,
            array(SELECT a.attname FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   ORDER BY a.attnum)::text[] AS columns,
            array(SELECT c.relname::text UNION SELECT pc.relname FROM pg_partition_ancestors(c.oid) p JOIN pg_class pc ON pc.oid = p.relid)::text[] AS ancestors
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname`,
  );
  const fks = await q.query<{ child: string; parent: string }>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_namespace n ON n.oid = ch.relnamespace
       JOIN pg_class pa ON pa.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pa.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND pn.nspname = 'public'`,
  );
  // A leaf table "is" every relation in its partition ancestry (itself included), as seen by an FK.
  const leavesOf = new Map<string, string[]>();
  for (const r of rels.rows) for (const a of r.ancestors) leavesOf.set(a, [...(leavesOf.get(a) ?? []), r.name]);
  const dependsOn = new Map<string, Set<string>>();
  for (const fk of fks.rows) {
    const deps = dependsOn.get(fk.child) ?? new Set<string>();
    for (const leaf of leavesOf.get(fk.parent) ?? []) deps.add(leaf);
    dependsOn.set(fk.child, deps);
  }
  const { order, cyclic } = dependencyOrder(
    rels.rows.map((r) => r.name),
    dependsOn,
  );
  const byName = new Map(rels.rows.map((r) => [r.name, r]));
  return { tables: order.map((n) => ({ name: n, columns: byName.get(n)!.columns })), cyclic };
}

export async function listSequences(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

export async function readSequences(q: Queryable): Promise<SequenceValue[]> {
  const out: SequenceValue[] = [];
  for (const name of await listSequences(q)) {
    const { rows } = await q.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM public.${quoteIdent(name)}`,
    );
    out.push({ name, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
  }
  return out;
}

export async function appliedMigrations(q: Queryable): Promise<string[]> {
  const exists = await q.query(`SELECT to_regclass('public.schema_migrations') AS t`);
  if (!exists.rows[0].t) return [];
  return (await q.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
}

/** Session settings under which COPY text is written and read back identically. */
export const COPY_SESSION_SETTINGS = [
  "SET LOCAL client_encoding = 'UTF8'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL TimeZone = 'UTC'",
  'SET LOCAL extra_float_digits = 1',
  "SET LOCAL bytea_output = 'hex'",
];
