/**
 * Group commit for intake. Orders arriving together are written by one INSERT statement (one
 * implicit transaction, one commit): data-modifying CTEs insert the orders, their idempotency
 * keys, first timeline events, outbox messages, SLA events and audit entries, each table's rows
 * passed as one jsonb array (jsonb_populate_recordset types them by the table's own row type).
 * Ids and order numbers come from the sequences beforehand (reserved a block at a time, see
 * KeyReserve), so the messages and audit entries, which name the order, are built before that
 * statement: usually one round trip per batch, however many orders it holds; foreign keys are
 * checked at the end of the statement.
 * Each caller gets its own order when the statement commits. If a batch fails (e.g. an
 * idempotency key raced: the key's primary key is violated and nothing of the batch is written),
 * every item is retried alone, so one bad item never fails the others.
 */
import { aloneOnFailure, Batcher, type BatchStats } from '../../../db/batcher.js';
import { prepared, type Db } from '../../../db/pool.js';
import { auditRow, AUDIT_INSERT_FROM_JSON, type Actor, type AuditEntry } from '../../../platform/audit/audit.js';
import { outboxRow, OUTBOX_INSERT_FROM_JSON, type OutboxMessage } from '../../../platform/outbox/outbox.js';
import { orderNumber } from './intake-rules.js';
import type { OrderRow } from '../orders/order-store.js';

export interface NewOrder {
  /** work_orders columns except id and order_no; the same keys for every order (jsonb columns as values, not text) */
  columns: Record<string, unknown>;
  receivedAt: Date;
  idempotency: { scope: string; key: string } | null;
  actor: Actor;
  event: { action: string; toState: string; data: unknown };
  /** Outbox messages; `o` carries the order's id, order number and the columns given. */
  messages: (o: OrderRow) => OutboxMessage[];
  /** Append-only SLA events to write with the order (e.g. escalation steps). */
  slaEvents?: { key: string; kind: string; due: Date; data: unknown }[];
  audit: (o: OrderRow) => AuditEntry;
}

export class IdempotencyRace extends Error {}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const statements = new Map<string, string>();
/**
 * The batch statement for one set of order columns: constant text, run as a prepared statement
 * (see prepared() in db/pool.ts), so each connection parses and plans it once.
 */
function batchSql(cols: string[], returning: string[]): string {
  const key = `${cols.join(',')}|${returning.join(',')}`;
  let sql = statements.get(key);
  if (!sql) {
    const list = ['id', 'order_no', ...cols].join(', ');
    sql = `WITH o AS (
        INSERT INTO work_orders (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::work_orders, $1::jsonb) RETURNING *
      ), k AS (
        INSERT INTO idempotency_keys (scope, key, order_id) SELECT scope, key, order_id FROM jsonb_populate_recordset(NULL::idempotency_keys, $2::jsonb)
      ), e AS (
        INSERT INTO order_events (order_id, at, actor_id, actor_kind, actor_name, action, from_state, to_state, data)
        SELECT order_id, clock_timestamp(), actor_id, actor_kind, actor_name, action, NULL, to_state, data FROM jsonb_populate_recordset(NULL::order_events, $3::jsonb)
      ), m AS (${OUTBOX_INSERT_FROM_JSON('$4')}
      ), s AS (
        INSERT INTO sla_events (order_id, key, kind, due_at, data) SELECT order_id, key, kind, due_at, data FROM jsonb_populate_recordset(NULL::sla_events, $5::jsonb)
      ), a AS (${AUDIT_INSERT_FROM_JSON('$6')}
      )
      SELECT ${['id', ...returning].join(', ')} FROM o`;
    statements.set(key, sql);
  }
  return sql;
}

/**
 * Ids and order-number sequence values taken from the sequences a block at a time, and topped up
 * in the background once half a block is used, so a batch almost never waits for them. Values of
 * a failed batch, or left when the process stops, are never used: gaps, as sequences always
 * allow; uniqueness is the sequences'.
 */
export class KeyReserve {
  private keys: { id: number; n: number }[] = [];
  private filling: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly block = 256,
  ) {}

  async take(count: number): Promise<{ id: number; n: number }[]> {
    while (this.keys.length < count) await this.fill(Math.max(this.block, count));
    const taken = this.keys.splice(0, count);
    if (this.keys.length < this.block / 2) void this.fill(this.block).catch(() => {}); // a failed top-up is retried by the next take
    return taken;
  }

  private fill(count: number): Promise<void> {
    this.filling ??= this.db
      .query<{ id: number; n: number }>(
        prepared(`SELECT nextval(pg_get_serial_sequence('work_orders', 'id')) AS id, nextval('work_order_no_seq') AS n FROM generate_series(1, $1)`, [count]),
      )
      .then(({ rows }) => {
        this.keys.push(...rows);
      })
      .finally(() => {
        this.filling = null;
      });
    return this.filling;
  }
}

const tableColumns = new WeakMap<Db, Promise<{ name: string; type: string }[]>>();
/**
 * What the statement sends back: the columns the database fills (defaults: created_at, version, …)
 * and the jsonb ones (their stored form); the others are the values just sent, kept from the draft.
 */
async function returnedColumns(db: Db, given: string[]): Promise<string[]> {
  let cols = tableColumns.get(db);
  if (!cols) {
    tableColumns.set(
      db,
      (cols = db
        .query<{ name: string; type: string }>(
          `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'work_orders' ORDER BY ordinal_position`,
        )
        .then((r) => r.rows)),
    );
    cols.catch(() => tableColumns.delete(db));
  }
  const sent = new Set(['id', 'order_no', ...given]);
  return (await cols).filter((c) => !sent.has(c.name) || c.type === 'jsonb').map((c) => c.name);
}

async function writeGroup(db: Db, reserve: KeyReserve, items: NewOrder[]): Promise<OrderRow[]> {
  const keys = await reserve.take(items.length);
  const cols = Object.keys(items[0].columns);
  const returning = await returnedColumns(db, cols);
  const drafts = items.map(
    (it, i) => ({ ...it.columns, id: keys[i].id, order_no: orderNumber(it.receivedAt, keys[i].n, SHANGHAI_OFFSET_MS) }) as unknown as OrderRow,
  );
  const at = new Date().toISOString();
  const idem = items.flatMap((it, i) => (it.idempotency ? [{ ...it.idempotency, order_id: drafts[i].id }] : []));
  const events = items.map((it, i) => ({
    order_id: drafts[i].id,
    actor_id: it.actor.id,
    actor_kind: it.actor.kind,
    actor_name: it.actor.name,
    action: it.event.action,
    to_state: it.event.toState,
    data: it.event.data,
  }));
  const messages = items.flatMap((it, i) => it.messages(drafts[i]).map(outboxRow));
  const sla = items.flatMap((it, i) => (it.slaEvents ?? []).map((e) => ({ order_id: drafts[i].id, key: e.key, kind: e.kind, due_at: e.due, data: e.data })));
  const audit = items.map((it, i) => auditRow(it.actor, it.audit(drafts[i]), at));
  try {
    const { rows } = await db.query<OrderRow>(
      prepared(batchSql(cols, returning), [
        JSON.stringify(drafts),
        JSON.stringify(idem),
        JSON.stringify(events),
        JSON.stringify(messages),
        JSON.stringify(sla),
        JSON.stringify(audit),
      ]),
    );
    const byId = new Map(rows.map((o) => [o.id, o]));
    return drafts.map((d) => ({ ...d, ...byId.get(d.id)! }));
  } catch (e) {
    if ((e as { code?: string; constraint?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'idempotency_keys_pkey')
      throw new IdempotencyRace();
    throw e;
  }
}

/** Orders arriving together share one batch statement (see Batcher); a failed batch is retried item by item. */
export class IntakeWriter {
  private readonly reserve: KeyReserve;
  private readonly batcher: Batcher<NewOrder, OrderRow>;

  constructor(
    private readonly db: Db,
    maxBatch = 64,
    maxInFlight = 2,
  ) {
    this.reserve = new KeyReserve(db);
    // one bad item (a raced idempotency key) fails only itself
    this.batcher = new Batcher(
      aloneOnFailure((items: NewOrder[]) => writeGroup(this.db, this.reserve, items)),
      maxBatch,
      maxInFlight,
    );
  }

  write(item: NewOrder): Promise<OrderRow> {
    return this.batcher.submit(item);
  }

  stats(): BatchStats {
    return this.batcher.stats();
  }
}

const writers = new WeakMap<Db, IntakeWriter>();
export function intakeWriter(db: Db): IntakeWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new IntakeWriter(db)));
  return w;
}
