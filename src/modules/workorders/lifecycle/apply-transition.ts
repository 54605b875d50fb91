/**
 * The one place an order changes state: checks the lifecycle rule (409 naming the current state
 * and the allowed actions), appends the timeline event, updates the row, recomputes the clocks
 * from the whole timeline, and appends met/missed SLA outcomes. Runs inside the caller's transaction.
 */
import type { Tx } from '../../../db/pool.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { dueOutcomes } from '../../../platform/sla/due-warnings.js';
import type { SlaContext } from '../../../platform/sla/sla-context.js';
import { DomainError, badField } from '../../../platform/errors.js';
import { transition, type TransitionContext } from './lifecycle-rules.js';
import { orderSla } from '../orders/order-clocks.js';
import { insertEvent, loadEvents, loadSentKeys, updateSla, type OrderRow } from '../orders/order-store.js';
import { slaFacts } from '../orders/order-view.js';

export function notAllowed(currentState: string, action: string, allowed: string[]): DomainError {
  return new DomainError(
    'conflict',
    'INVALID_TRANSITION',
    `当前状态「${currentState}」不允许操作「${action}」，可执行：${allowed.join('、') || '无'}`,
    `action ${action} is not allowed in state ${currentState}; allowed: ${allowed.join(', ') || 'none'}`,
    [],
    { currentState, action, allowedActions: allowed },
  );
}

export interface TransitionOptions {
  note?: string | null;
  data?: unknown;
  /** Extra columns to set with the state change (validated by the caller). */
  set?: Record<string, unknown>;
  ctx?: TransitionContext;
}

const SETTABLE = new Set([
  'org_unit_id',
  'org_path',
  'assignee_id',
  'held_from',
  'result',
  'cause',
  'handled_at',
  'closed_at',
  'merged_into_id',
  'kb_article_id',
  'reopen_count',
  'satisfaction',
]);

export async function applyTransition(
  tx: Tx,
  ctx: SlaContext,
  actor: Actor,
  row: OrderRow,
  action: string,
  opts: TransitionOptions = {},
  now = new Date(),
): Promise<OrderRow> {
  const r = transition(row.status, action, opts.ctx ?? {});
  if (!r.ok) {
    if (r.kind === 'not_allowed') throw notAllowed(r.currentState, r.action, r.allowed);
    throw badField(`body.${r.field}`, 'enum', `应为 ${r.allowedValues.join(', ')} 之一`, `must be one of ${r.allowedValues.join(', ')}`);
  }
  await insertEvent(tx, { orderId: row.id, actor, action, fromState: row.status, toState: r.state, note: opts.note ?? null, data: opts.data });
  const set = { ...(opts.set ?? {}) };
  const cols = Object.keys(set);
  for (const c of cols) if (!SETTABLE.has(c)) throw new Error(`column ${c} is not settable by a transition`);
  const assignments = cols.map((c, i) => `${c} = $${i + 3}`);
  const { rows } = await tx.query<OrderRow>(
    `UPDATE work_orders SET status = $2, updated_at = now(), version = version + 1${assignments.length ? ', ' + assignments.join(', ') : ''} WHERE id = $1 RETURNING *`,
    [row.id, r.state, ...cols.map((c) => set[c])],
  );
  return refreshSla(tx, ctx, rows[0], now);
}

/** Recomputes and stores an order's clocks from its timeline; appends outcomes not yet recorded. */
export async function refreshSla(tx: Tx, ctx: SlaContext, row: OrderRow, now = new Date(), reselectPolicy = false): Promise<OrderRow> {
  // one client runs one query at a time: in turn, not Promise.all (pg deprecates concurrent queries on a client)
  const events = await loadEvents(tx, row.id);
  const sent = await loadSentKeys(tx, row.id);
  const policy = reselectPolicy || row.policy_id === null ? undefined : (ctx.policies.find((p) => p.id === row.policy_id) ?? undefined);
  const sla = orderSla(ctx, slaFacts(row), events, now, sent, policy);
  for (const o of dueOutcomes(sla.clocks, sent)) {
    await tx.query(
      `INSERT INTO sla_events (order_id, key, kind, clock, at, due_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id, key) DO NOTHING`,
      [row.id, o.key, o.outcome, o.clock, o.stoppedAt, o.dueAt, JSON.stringify({ policyId: sla.policy?.id ?? null })],
    );
  }
  await updateSla(tx, row.id, {
    clocks: sla.clocks,
    nextDueAt: sla.nextDueAt,
    nextCheckAt: sla.nextCheckAt,
    slaState: sla.slaState,
    policyId: sla.policy?.id ?? null,
  });
  return { ...row, clocks: sla.clocks, next_due_at: sla.nextDueAt, next_check_at: sla.nextCheckAt, sla_state: sla.slaState, policy_id: sla.policy?.id ?? null };
}
