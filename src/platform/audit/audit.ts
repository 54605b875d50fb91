/**
 * Writing and verifying the audit log. Every state change calls recordAudit inside its own
 * transaction, so the change and its audit record commit together or not at all.
 * The head row lock serialises chain appends; it is held only from the append to commit,
 * so call recordAudit as the last statement of a transaction.
 */
import type { Queryable, Tx } from '../../db/pool.js';
import { chainHash, findBrokenLink, GENESIS_HASH, type AuditRecord } from './chain.js';

export interface Actor {
  id: number | null;
  kind: 'user' | 'token' | 'system';
  name: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, kind: 'system', name: 'system' };

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  orgUnitId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** JSON round trip so what is hashed equals what jsonb gives back (dates → strings, undefined dropped). */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

export async function recordAudit(tx: Tx, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  let { seq, hash } = head.rows[0];
  const at = new Date().toISOString();
  const cols: unknown[] = [];
  const values: string[] = [];
  for (const e of list) {
    seq += 1;
    const rec: AuditRecord = {
      seq,
      at,
      actorId: actor.id,
      actorKind: actor.kind,
      actorName: actor.name,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId == null ? null : String(e.entityId),
      orgUnitId: e.orgUnitId ?? null,
      before: plain(e.before),
      after: plain(e.after),
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
    };
    const next = chainHash(hash, rec);
    const b = cols.length;
    values.push(`(${Array.from({ length: 15 }, (_, i) => `$${b + i + 1}`).join(',')})`);
    cols.push(rec.seq, rec.at, rec.actorId, rec.actorKind, rec.actorName, rec.action, rec.entity, rec.entityId, rec.orgUnitId,
      rec.before === null ? null : JSON.stringify(rec.before), rec.after === null ? null : JSON.stringify(rec.after),
      rec.ip, rec.userAgent, hash, next);
    hash = next;
  }
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor_id, actor_kind, actor_name, action, entity, entity_id, org_unit_id, before, after, ip, user_agent, prev_hash, hash) VALUES ${values.join(',')}`,
    cols,
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
}

interface AuditRow {
  seq: number; at: Date; actor_id: number | null; actor_kind: AuditRecord['actorKind']; actor_name: string | null;
  action: string; entity: string; entity_id: string | null; org_unit_id: number | null; before: unknown; after: unknown;
  ip: string | null; user_agent: string | null; prev_hash: string; hash: string;
}

export function rowToRecord(r: AuditRow): AuditRecord {
  return {
    seq: r.seq, at: r.at.toISOString(), actorId: r.actor_id, actorKind: r.actor_kind, actorName: r.actor_name,
    action: r.action, entity: r.entity, entityId: r.entity_id, orgUnitId: r.org_unit_id,
    before: r.before ?? null, after: r.after ?? null, ip: r.ip, userAgent: r.user_agent,
  };
}

/** Walks the whole chain in pages; returns the first broken seq (or a gap) and the count checked. */
export async function verifyAudit(db: Queryable, onProgress?: (checked: number, total: number) => void): Promise<{ ok: boolean; checked: number; brokenAt: number | null }> {
  const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
  let prev = GENESIS_HASH;
  let last = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await db.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000', [last]);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== last + 1) return { ok: false, checked, brokenAt: last + 1 }; // a deleted row
      const broken = findBrokenLink([{ record: rowToRecord(r), prevHash: r.prev_hash, hash: r.hash }], prev);
      if (broken !== null) return { ok: false, checked, brokenAt: broken };
      prev = r.hash;
      last = r.seq;
      checked++;
    }
    onProgress?.(checked, total);
  }
  const head = (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1')).rows[0];
  if (head.seq !== last || head.hash !== prev) return { ok: false, checked, brokenAt: last + 1 };
  return { ok: true, checked, brokenAt: null };
}
