/** What a grouping transaction works with: the transaction, the engine, and the id mapping. */
import type { Tx } from '../../../db/pool.js';
import type { CallGrouping } from './call-grouping.js';
import type { GroupingPolicy } from './grouping-policy.js';
import { ACTIVE_STATUSES, sqlList } from '../lifecycle/lifecycle-rules.js';

/** Active fault outages, as a literal list so the partial index outages_active_idx applies. */
export const ACTIVE_FAULT = `kind = 'fault' AND status IN ${sqlList(ACTIVE_STATUSES)}`;

/** Engine-local outage ids ↔ database ids. */
export class OutageIds {
  private readonly toDb = new Map<number, number>();
  private readonly toLocal = new Map<number, number>();
  link(local: number, db: number): void {
    this.toDb.set(local, db);
    this.toLocal.set(db, local);
  }
  db(local: number): number {
    const v = this.toDb.get(local);
    if (v === undefined) throw new Error(`outage ${local} has no database row`);
    return v;
  }
  dbOrNull(local: number | null): number | null {
    return local === null ? null : (this.toDb.get(local) ?? null);
  }
  local(db: number): number | undefined {
    return this.toLocal.get(db);
  }
}

export interface GroupingSession {
  tx: Tx;
  g: CallGrouping;
  ids: OutageIds;
  policy: GroupingPolicy;
}

export function callerKey(c: { id: number; service_point_id: number | null }): string {
  return c.service_point_id !== null ? `sp${c.service_point_id}` : `call${c.id}`;
}
