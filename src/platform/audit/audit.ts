/**
 * Writing, sealing and verifying the audit log. Every state change calls recordAudit inside its
 * own transaction, so the change and its audit record commit together or not at all.
 *
 * recordAudit takes no shared lock: it inserts unsealed rows (seq from an identity,
 * chain_seq/prev_hash/hash NULL). sealAudit, run in the background by one app instance at a time,
 * chains the unsealed rows its snapshot sees, in seq order, with consecutive chain_seq after the
 * head's: hash = sha256(prev_hash || canonical JSON). A READ COMMITTED snapshot sees exactly the
 * committed rows: rows of transactions still open wait for a later round, rolled-back rows never
 * become visible, so chain_seq has no gaps.
 *
 * Why not "xid < the snapshot's xmin" as well: transaction ids are shared by every database of a
 * server, so that rule holds sealing back behind any writing transaction anywhere on the server
 * (a long seed or restore in another database, another application), and it adds no safety:
 * visibility already says the inserting transaction committed. verifyAudit walks the chain by chain_seq and reports unsealed rows
 * that have waited too long (a stopped sealer).
 */
import type { Queryable, Tx } from '../../db/pool.js';
import { chainHash, findBrokenLink, GENESIS_HASH, type AuditRecord } from './chain.js';

import type { AuditEvent } from './events.js';
import type { ActorKind } from './schemas.js';

export interface Actor {
  id: number | null;
  kind: ActorKind;
  name: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, kind: 'system', name: 'system' };

/** One audited change: an event of the audit vocabulary (events.ts) with what changed. */
export type AuditEntry = AuditEvent & {
  entityId?: string | number | null;
  orgUnitId?: number | null;
  before?: unknown;
  after?: unknown;
};

/** JSON round trip so what is hashed equals what jsonb gives back (dates → strings, undefined dropped). */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** The audit_log columns an entry fills, as a JSON-ready object (for jsonb_populate_recordset(NULL::audit_log, …)). */
export function auditRow(actor: Actor, e: AuditEntry, at: string): Record<string, unknown> {
  return {
    at,
    actor_id: actor.id,
    actor_kind: actor.kind,
    actor_name: actor.name,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId == null ? null : String(e.entityId),
    org_unit_id: e.orgUnitId ?? null,
    before: plain(e.before) ?? undefined,
    after: plain(e.after) ?? undefined,
    ip: actor.ip ?? null,
    user_agent: actor.userAgent ?? null,
  };
}

/** An INSERT … SELECT of audit_log rows from a jsonb array of auditRow objects (the parameter `param`), for one-statement writers. */
export const AUDIT_INSERT_FROM_JSON = (param: string) =>
  `INSERT INTO audit_log (at, actor_id, actor_kind, actor_name, action, entity, entity_id, org_unit_id, before, after, ip, user_agent)
   SELECT at, actor_id, actor_kind, actor_name, action, entity, entity_id, org_unit_id, before, after, ip, user_agent
     FROM jsonb_populate_recordset(NULL::audit_log, ${param}::jsonb) WITH ORDINALITY AS r ORDER BY ordinality`;

export async function recordAudit(tx: Tx, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const at = new Date().toISOString();
  const cols: unknown[] = [];
  const values: string[] = [];
  for (const e of list) {
    const b = cols.length;
    values.push(`(${Array.from({ length: 12 }, (_, i) => `$${b + i + 1}`).join(',')})`);
    const before = plain(e.before);
    const after = plain(e.after);
    cols.push(
      at,
      actor.id,
      actor.kind,
      actor.name,
      e.action,
      e.entity,
      e.entityId == null ? null : String(e.entityId),
      e.orgUnitId ?? null,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
      actor.ip ?? null,
      actor.userAgent ?? null,
    );
  }
  // seq comes from the identity, in the order of VALUES
  await tx.query(
    `INSERT INTO audit_log (at, actor_id, actor_kind, actor_name, action, entity, entity_id, org_unit_id, before, after, ip, user_agent) VALUES ${values.join(',')}`,
    cols,
  );
}

interface AuditRow {
  seq: number;
  chain_seq: number | null;
  at: Date;
  actor_id: number | null;
  actor_kind: AuditRecord['actorKind'];
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  org_unit_id: number | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * The hashed form of a row. `seq` in the hashed record is the chain position (chain_seq); the
 * row's own insertion seq is hashed as `rowSeq` when it differs from it. Rows chained before
 * sealing existed have chain_seq = seq, so their hashes (over `seq` alone) still verify, and a
 * changed seq column changes the hash either way.
 */
export function rowToRecord(r: AuditRow, chainSeq: number): AuditRecord {
  const rec: AuditRecord = {
    seq: chainSeq,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorKind: r.actor_kind,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    orgUnitId: r.org_unit_id,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    userAgent: r.user_agent,
  };
  if (Number(r.seq) !== chainSeq) rec.rowSeq = Number(r.seq);
  return rec;
}

/** pg_try_advisory_xact_lock key: one sealer at a time across every app instance. */
export const SEAL_LOCK_KEY = 7_259_800_005;
const SEAL_BATCH = 5000;

/**
 * Seals in rounds of up to SEAL_BATCH rows, one transaction each: chains every unsealed row the
 * round's snapshot sees (committed rows), in seq order. Returns the number of rows sealed, or
 * null when another sealer holds the lock. Rows of still-open transactions are left for a later call.
 */
export async function sealAudit(db: { connect(): Promise<Tx> }): Promise<number | null> {
  const client = await db.connect();
  let sealed = 0;
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        const locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SEAL_LOCK_KEY])).rows[0].ok;
        if (!locked) {
          await client.query('ROLLBACK');
          return sealed > 0 ? sealed : null;
        }
        // READ COMMITTED: this statement's snapshot, taken after the lock, sees every row a previous
        // sealer chained and exactly the committed unsealed rows
        const { rows } = await client.query<AuditRow>(
          `SELECT seq, chain_seq, at, actor_id, actor_kind, actor_name, action, entity, entity_id, org_unit_id, before, after, ip, user_agent, prev_hash, hash
             FROM audit_log
            WHERE chain_seq IS NULL
            ORDER BY seq LIMIT ${SEAL_BATCH}`,
        );
        if (rows.length === 0) {
          // an idle round writes nothing
          await client.query('ROLLBACK');
          return sealed;
        }
        // every sealer commits while holding the advisory lock, so the head read now is the one
        // that goes with the rows above; FOR UPDATE guards against anything else moving it
        const head = (await client.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0];
        let chainSeq = Number(head.seq);
        let prev = head.hash;
        const seqs: string[] = [];
        const chainSeqs: number[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const r of rows) {
          chainSeq += 1;
          const hash = chainHash(prev, rowToRecord(r, chainSeq));
          seqs.push(String(r.seq));
          chainSeqs.push(chainSeq);
          prevs.push(prev);
          hashes.push(hash);
          prev = hash;
        }
        const u = await client.query(
          `UPDATE audit_log a SET chain_seq = v.chain_seq, prev_hash = v.prev_hash, hash = v.hash
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(seq, chain_seq, prev_hash, hash)
            WHERE a.seq = v.seq AND a.chain_seq IS NULL`,
          [seqs, chainSeqs, prevs, hashes],
        );
        if (u.rowCount !== rows.length) throw new Error(`audit sealing: ${rows.length} rows read, ${u.rowCount} sealed`);
        await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [chainSeq, prev]);
        await client.query('COMMIT');
        sealed += rows.length;
        if (rows.length < SEAL_BATCH) return sealed;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
  } finally {
    client.release();
  }
}

export interface AuditVerification {
  /** the chain holds and no unsealed row is older than the threshold */
  ok: boolean;
  /** sealed records verified before the first broken link (all of them when it holds) */
  checked: number;
  /** chain_seq of the first broken link (a changed, missing or foreign record, or a head that does not match) */
  brokenAt: number | null;
  /** that row's seq, when there is a row at brokenAt */
  brokenSeq: number | null;
  /** rows not yet sealed */
  unsealed: number;
  /** unsealed rows older than the threshold: the sealer stopped, or a row was written around it */
  stale: number;
  /** seq and time of the oldest stale row */
  oldestStale: { seq: number; at: string } | null;
}

export interface VerifyOptions {
  onProgress?: (checked: number, total: number) => void;
  /** unsealed rows older than this are a problem; default 60 s; Infinity turns the check off */
  staleAfterMs?: number;
}

export const STALE_UNSEALED_MS = 60_000;

/**
 * Walks the sealed chain by chain_seq in pages (contiguous from 1, each link recomputed, the
 * head must match the last one), then counts the unsealed rows and those older than the threshold.
 */
export async function verifyAudit(db: Queryable, opts: VerifyOptions | ((checked: number, total: number) => void) = {}): Promise<AuditVerification> {
  const o: VerifyOptions = typeof opts === 'function' ? { onProgress: opts } : opts;
  const staleMs = o.staleAfterMs ?? STALE_UNSEALED_MS;
  const total = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE chain_seq IS NOT NULL')).rows[0].n;
  let prev = GENESIS_HASH;
  let last = 0;
  let checked = 0;
  let brokenAt: number | null = null;
  let brokenSeq: number | null = null;
  outer: for (;;) {
    const { rows } = await db.query<AuditRow>('SELECT * FROM audit_log WHERE chain_seq > $1 ORDER BY chain_seq LIMIT 5000', [last]);
    if (rows.length === 0) break;
    for (const r of rows) {
      const cs = Number(r.chain_seq);
      if (cs !== last + 1) {
        // a deleted row
        brokenAt = last + 1;
        break outer;
      }
      if (findBrokenLink([{ record: rowToRecord(r, cs), prevHash: r.prev_hash ?? '', hash: r.hash ?? '' }], prev) !== null) {
        brokenAt = cs;
        brokenSeq = Number(r.seq);
        break outer;
      }
      prev = r.hash!;
      last = cs;
      checked++;
    }
    o.onProgress?.(checked, total);
  }
  if (brokenAt === null) {
    const head = (await db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_head WHERE id = 1')).rows[0];
    if (Number(head.seq) !== last || head.hash !== prev) brokenAt = last + 1;
  }
  // $1 NULL: no staleness check
  const u = (
    await db.query<{ unsealed: number; stale: number; seq: string | null; at: Date | null }>(
      `WITH unsealed AS (SELECT seq, at, $1::float8 IS NOT NULL AND at < now() - make_interval(secs => $1::float8) AS stale
                         FROM audit_log WHERE chain_seq IS NULL)
     SELECT (SELECT count(*) FROM unsealed)::int AS unsealed, (SELECT count(*) FROM unsealed WHERE stale)::int AS stale,
            s.seq::text AS seq, s.at
       FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, at FROM unsealed WHERE stale ORDER BY seq LIMIT 1) s ON true`,
      [Number.isFinite(staleMs) ? staleMs / 1000 : null],
    )
  ).rows[0];
  return {
    ok: brokenAt === null && u.stale === 0,
    checked,
    brokenAt,
    brokenSeq,
    unsealed: u.unsealed,
    stale: u.stale,
    oldestStale: u.seq === null ? null : { seq: Number(u.seq), at: u.at!.toISOString() },
  };
}
