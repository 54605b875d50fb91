/**
 * Group commit for intake. (It was introduced when every audit append took the chain's head row
 * lock, which capped intake at one commit per append; since the sealed audit log, migration 005,
 * appends take no shared lock, and batching remains for fewer commits and round trips.)
 * Orders arriving together are written by one transaction: one multi-row insert
 * each for orders, timeline events, idempotency keys and outbox messages, and one recordAudit
 * call with one entry per order as the last statement. Each caller gets its own order id when
 * that transaction commits. If a batch fails (e.g. an idempotency key raced), every item is
 * retried alone, so one bad item never fails the others.
 */
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor, type AuditEntry } from '../../platform/audit/audit.js';
import { enqueue, type OutboxMessage } from '../../platform/outbox/outbox.js';
import { orderNumber } from './intake-rules.js';
import type { OrderRow } from './order-store.js';

export interface NewOrder {
  columns: Record<string, unknown>; // work_orders columns except id and order_no
  receivedAt: Date;
  idempotency: { scope: string; key: string } | null;
  actor: Actor;
  event: { action: string; toState: string; data: unknown };
  /** Outbox messages; order_id is filled in once the order exists. */
  messages: (o: OrderRow) => OutboxMessage[];
  /** Append-only SLA events to write with the order (e.g. escalation steps). */
  slaEvents?: { key: string; kind: string; due: Date; data: unknown }[];
  audit: (o: OrderRow) => AuditEntry;
}

export class IdempotencyRace extends Error {}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

async function writeBatch(tx: Tx, items: NewOrder[]): Promise<OrderRow[]> {
  const seqs = (await tx.query<{ n: number }>(`SELECT nextval('work_order_no_seq')::bigint AS n FROM generate_series(1, $1)`, [items.length])).rows.map((r) => r.n);
  const cols = ['order_no', ...Object.keys(items[0].columns)];
  const params: unknown[] = [];
  const values = items.map((it, i) => {
    const row = [orderNumber(it.receivedAt, seqs[i], SHANGHAI_OFFSET_MS), ...cols.slice(1).map((c) => it.columns[c])];
    const base = params.length;
    params.push(...row);
    return `(${row.map((_, k) => `$${base + k + 1}`).join(',')})`;
  });
  const orders = (await tx.query<OrderRow>(`INSERT INTO work_orders (${cols.join(',')}) VALUES ${values.join(',')} RETURNING *`, params)).rows;
  // RETURNING keeps VALUES order for a plain multi-row insert; match by order number to be sure.
  const byNo = new Map(orders.map((o) => [o.order_no, o]));
  const rows = items.map((it, i) => byNo.get(orderNumber(it.receivedAt, seqs[i], SHANGHAI_OFFSET_MS))!);

  const keyed = items.map((it, i) => ({ it, o: rows[i] })).filter((x) => x.it.idempotency !== null);
  if (keyed.length > 0) {
    const ins = await tx.query(
      `INSERT INTO idempotency_keys (scope, key, order_id) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
      [keyed.map((x) => x.it.idempotency!.scope), keyed.map((x) => x.it.idempotency!.key), keyed.map((x) => x.o.id)],
    );
    if (ins.rowCount !== keyed.length) throw new IdempotencyRace();
  }
  await tx.query(
    `INSERT INTO order_events (order_id, at, actor_id, actor_kind, actor_name, action, from_state, to_state, data)
     SELECT o, clock_timestamp(), a, k, n, act, NULL, st, d::jsonb FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(o, a, k, n, act, st, d)`,
    [rows.map((o) => o.id), items.map((it) => it.actor.id), items.map((it) => it.actor.kind), items.map((it) => it.actor.name),
      items.map((it) => it.event.action), items.map((it) => it.event.toState), items.map((it) => JSON.stringify(it.event.data))],
  );
  await enqueue(tx, items.flatMap((it, i) => it.messages(rows[i])));
  const sla = items.flatMap((it, i) => (it.slaEvents ?? []).map((e) => ({ ...e, orderId: rows[i].id })));
  if (sla.length > 0) {
    await tx.query(
      `INSERT INTO sla_events (order_id, key, kind, due_at, data) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])`,
      [sla.map((e) => e.orderId), sla.map((e) => e.key), sla.map((e) => e.kind), sla.map((e) => e.due), sla.map((e) => JSON.stringify(e.data))],
    );
  }
  return rows;
}

/**
 * One transaction for a batch. Audit entries carry one actor per recordAudit call, so entries
 * are grouped by actor; the audit calls come last, after every other write of the batch.
 */
async function writeGroup(db: Db, items: NewOrder[]): Promise<OrderRow[]> {
  return withTx(db, async (tx) => {
    const rows = await writeBatch(tx, items);
    const byActor = new Map<string, { actor: Actor; entries: AuditEntry[] }>();
    items.forEach((it, i) => {
      const k = `${it.actor.kind}:${it.actor.id}:${it.actor.ip ?? ''}:${it.actor.userAgent ?? ''}`;
      const g = byActor.get(k) ?? { actor: it.actor, entries: [] };
      g.entries.push(it.audit(rows[i]));
      byActor.set(k, g);
    });
    for (const g of byActor.values()) await recordAudit(tx, g.actor, g.entries);
    return rows;
  });
}

interface Waiting {
  item: NewOrder;
  resolve: (o: OrderRow) => void;
  reject: (e: unknown) => void;
}

export class IntakeWriter {
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db, private readonly maxBatch = 64, private readonly maxInFlight = 2) {}

  write(item: NewOrder): Promise<OrderRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const rows = await writeGroup(this.db, batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(rows[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      // Retry each alone so one bad item (a raced idempotency key) fails only itself.
      await Promise.all(batch.map(async (w) => {
        try {
          w.resolve((await writeGroup(this.db, [w.item]))[0]);
        } catch (err) {
          w.reject(err);
        }
      }));
    }
  }
}

const writers = new WeakMap<Db, IntakeWriter>();
export function intakeWriter(db: Db): IntakeWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new IntakeWriter(db)));
  return w;
}
