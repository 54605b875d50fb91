/** Pure: the audit chain's canonical form and hash. The verifier and the writer share it. */
import { createHash } from 'node:crypto';
import type { ActorKind } from './schemas.js';

export interface AuditRecord {
  seq: number;
  at: string; // ISO timestamp, millisecond precision
  actorId: number | null;
  actorKind: ActorKind;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  orgUnitId: number | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  /** the row's insertion seq, hashed only when it differs from `seq` (the chain position) */
  rowSeq?: number;
}

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return (
      '{' +
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}

export function chainHash(prevHash: string, r: AuditRecord): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(r)).digest('hex');
}

export const GENESIS_HASH = '0'.repeat(64);

/** Returns the seq (chain position) of the first record whose link is broken, or null when the chain holds. */
export function findBrokenLink(rows: Array<{ record: AuditRecord; prevHash: string; hash: string }>, startPrev = GENESIS_HASH): number | null {
  let prev = startPrev;
  for (const row of rows) {
    if (row.prevHash !== prev || chainHash(prev, row.record) !== row.hash) return row.record.seq;
    prev = row.hash;
  }
  return null;
}
