/**
 * The grouping engine of this process, kept in step with the database. Every change to the
 * grouping runs in one transaction that holds the row lock of `outage_grouping_state`, so
 * instances take turns; an instance whose engine is older than the stored version (another
 * instance changed it), or whose network or policy changed, rebuilds it from the tables first.
 * The engine is a cache: if a transaction fails, it is dropped and rebuilt on next use.
 */
import { withTx, type Db, type Tx } from '../../../db/pool.js';
import { CallGrouping } from './call-grouping.js';
import { NetworkTree, type DeviceKind } from './network-tree.js';
import { loadPolicy } from '../admin/policy-store.js';
import type { GroupingPolicy } from './grouping-policy.js';
import { ACTIVE_FAULT, OutageIds, callerKey, type GroupingSession } from './grouping-session.js';
import { insertOutage } from '../lifecycle/outage-rows.js';
import { recomputeCustomers } from './outage-customers.js';

/** Changes when the network or the grouping policy changes: the engine is then rebuilt. */
const FINGERPRINT = `(SELECT count(*) || ':' || coalesce(sum(id * 7 + coalesce(parent_id, 0)), 0) FROM pub_network_devices)
  || '|' || coalesce((SELECT max(version) FROM outage_policies WHERE name = 'grouping' AND valid_from <= now()), 0)`;

interface Cache {
  g: CallGrouping;
  ids: OutageIds;
  policy: GroupingPolicy;
  version: number;
  fingerprint: string;
}

export class GroupingHost {
  private cache: Cache | null = null;
  rebuilds = 0;

  constructor(private readonly db: Db) {}

  /** The grouping policy the engine runs with (null before the first grouping transaction). */
  currentPolicy(): GroupingPolicy | null {
    return this.cache?.policy ?? null;
  }

  /** Runs fn with the lock held and the engine current; bumps the stored version when fn changed anything. */
  async transaction<T>(fn: (s: GroupingSession) => Promise<{ changed: boolean; value: T }>): Promise<T> {
    let before = -1;
    try {
      return await withTx(this.db, async (tx) => {
        const head = (
          await tx.query<{ version: number; fingerprint: string }>(
            `SELECT version, ${FINGERPRINT} AS fingerprint FROM outage_grouping_state WHERE id = 1 FOR UPDATE`,
          )
        ).rows[0];
        const v = head.version;
        const fingerprint = head.fingerprint;
        if (!this.cache || this.cache.version !== v || this.cache.fingerprint !== fingerprint) this.cache = await this.rebuild(tx, v, fingerprint);
        const cache = this.cache;
        before = cache.g.mutations;
        const r = await fn({ tx, g: cache.g, ids: cache.ids, policy: cache.policy });
        if (r.changed) {
          await tx.query('UPDATE outage_grouping_state SET version = version + 1 WHERE id = 1');
          cache.version = v + 1;
        }
        return r.value;
      });
    } catch (e) {
      // a refusal before any change leaves the engine valid; otherwise it may hold rolled-back changes
      if (!this.cache || this.cache.g.mutations !== before) this.cache = null;
      throw e;
    }
  }

  /** Replays the active calls onto a fresh engine and matches its outages to the stored ones. */
  private async rebuild(tx: Tx, version: number, fingerprint: string): Promise<Cache> {
    this.rebuilds++;
    const devices = await tx.query<{ id: number; kind: DeviceKind; parent_id: number | null; sp: number }>(
      `SELECT d.id, d.kind, d.parent_id, coalesce(s.n, 0)::int AS sp FROM pub_network_devices d
         LEFT JOIN (SELECT transformer_id, count(*) AS n FROM pub_service_points WHERE transformer_id IS NOT NULL GROUP BY transformer_id) s ON s.transformer_id = d.id`,
    );
    const tree = new NetworkTree(devices.rows.map((d) => ({ id: d.id, kind: d.kind, parentId: d.parent_id, servicePoints: d.sp })));
    const policy = (await loadPolicy(tx, 'grouping')).data;
    const g = new CallGrouping(tree, policy);
    const ids = new OutageIds();
    const outages = await tx.query<{ id: number; device_id: number; pinned: boolean }>(
      `SELECT id, device_id, pinned FROM outages WHERE ${ACTIVE_FAULT} ORDER BY id`,
    );
    for (const o of outages.rows.filter((x) => x.pinned)) ids.link(g.createPinned(o.device_id).id, o.id);
    const calls = await tx.query<{ id: number; service_point_id: number | null; transformer_id: number | null }>(
      `SELECT c.id, c.service_point_id, c.transformer_id FROM outage_calls c
        WHERE c.status = 'grouped' AND (c.outage_id IS NULL OR c.outage_id IN (SELECT id FROM outages WHERE ${ACTIVE_FAULT})) ORDER BY c.id`,
    );
    for (const c of calls.rows) g.addCall({ callId: c.id, callerKey: callerKey(c), transformerId: c.transformer_id });
    g.settle([]); // replay: the events were persisted when they happened
    // Match predictions by device. Rows and engine can only disagree after a policy or network
    // change: then the stored predictions follow the engine, as if the calls arrived now.
    const autoByDevice = new Map(outages.rows.filter((x) => !x.pinned).map((o) => [o.device_id, o.id]));
    const regions = new Set<number>();
    const touched = new Set<number>();
    for (const o of g.allOutages()) {
      if (o.pinned) continue;
      let dbId = autoByDevice.get(o.deviceId);
      autoByDevice.delete(o.deviceId);
      if (dbId === undefined) {
        dbId = await insertOutage(tx, { deviceId: o.deviceId, status: 'predicted', pinned: false, startedAt: new Date() });
        regions.add(o.deviceId);
      }
      ids.link(o.id, dbId);
      touched.add(dbId);
    }
    for (const [device, id] of autoByDevice) {
      await tx.query(`UPDATE outages SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [id]);
      regions.add(device);
    }
    if (regions.size > 0) await recomputeCustomers({ tx, g, ids, policy }, regions, touched);
    return { g, ids, policy, version, fingerprint };
  }
}
