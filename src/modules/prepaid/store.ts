/** Reads of the prepaid tables shared by the use cases: the policy, price plans, rows ⇄ contract shapes. */
import type { Queryable } from '../../db/pool.js';
import { computeClock } from '../../platform/sla/compute-clocks.js';
import type { WorkCalendar } from '../../platform/calendar/work-calendar.js';
import { balanceState } from './prepaid-rules.js';
import type { CommandOut, PrepaidAccountOut, PrepaidPolicy, PricePlan } from './schemas.js';

export async function prepaidPolicy(db: Queryable): Promise<PrepaidPolicy> {
  const { rows } = await db.query('SELECT policy FROM prepaid_settings WHERE id = 1');
  if (!rows[0]) throw new Error('prepaid_settings missing: migration 620 was not applied');
  return rows[0].policy as PrepaidPolicy;
}

export async function pricePlans(db: Queryable): Promise<Map<string, PricePlan>> {
  const { rows } = await db.query('SELECT code, customer_class, bounds_kwh::text[] AS b, prices_yuan::text[] AS p FROM prepaid_price_plans');
  return new Map(rows.map((r) => [r.code, { code: r.code, customerClass: r.customer_class, boundsKwh: r.b, pricesYuan: r.p }]));
}

export const ACCOUNT_COLUMNS = `account_id, account_no, org_unit_id, org_path, customer_class, meter_no, plan_code, balance_fen, threshold_fen, supply,
  last_charged_on::text AS last_charged_on, ytd_kwh::text AS ytd_kwh, low_notice_id, zero_notice_id, customer_id, usage_source`;

export const toAccount = (r: Record<string, any>): PrepaidAccountOut => ({
  accountId: Number(r.account_id),
  accountNo: r.account_no,
  orgUnitId: Number(r.org_unit_id),
  customerClass: r.customer_class,
  meterNo: r.meter_no,
  planCode: r.plan_code,
  balanceFen: Number(r.balance_fen),
  thresholdFen: Number(r.threshold_fen),
  supply: r.supply,
  usageSource: r.usage_source,
  lastChargedOn: r.last_charged_on,
  ytdKwh: r.ytd_kwh,
  state: balanceState(Number(r.balance_fen), Number(r.threshold_fen)),
});

export const COMMAND_COLUMNS = `c.id, c.command_no, c.account_id, a.account_no, c.kind, c.status, c.notice_id, c.balance_fen, c.requested_at, c.not_before,
  c.sent_at, c.executed_at, c.attempts, c.last_error`;

/** The reconnection clock of a reconnect order, by the SLA engine: received at the order, stopped when executed. */
export function reconnectClock(r: Record<string, any>, policy: PrepaidPolicy, calendar: WorkCalendar, now: Date) {
  const events = r.executed_at
    ? [{ at: new Date(r.executed_at), action: 'executed', state: 'executed' }]
    : r.status === 'cancelled'
      ? [{ at: new Date(r.updated_at ?? now), action: 'cancelled', state: 'cancelled' }]
      : [];
  const c = computeClock(policy.reconnectClock, calendar, {
    receivedAt: new Date(r.requested_at),
    initialState: 'queued',
    events,
    now,
  });
  return { state: c.state, dueAt: c.dueAt, remainingMs: c.remainingMs, usedFraction: c.usedFraction };
}

export const toCommand = (r: Record<string, any>, clock: CommandOut['clock']): CommandOut => ({
  id: Number(r.id),
  commandNo: r.command_no,
  accountId: Number(r.account_id),
  accountNo: r.account_no,
  kind: r.kind,
  status: r.status,
  noticeId: r.notice_id === null ? null : Number(r.notice_id),
  balanceFen: Number(r.balance_fen),
  requestedAt: r.requested_at,
  notBefore: r.not_before,
  sentAt: r.sent_at,
  executedAt: r.executed_at,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  clock,
});
