/**
 * Reads of the collection tables and of what an account owes (docs/collection.md, "What collection
 * reads"): billing's bills and payments' principal paid come through the views of migration 630
 * (collection_bills, collection_principal_paid, collection_fee_charged, collection_account_facts),
 * because collection sits below payments and cannot call its functions.
 */
import type { Queryable } from '../../db/pool.js';
import { idArray } from '../../db/params.js';
import { notFound } from '../../platform/errors.js';
import { dayNo } from '../../platform/calendar/dates.js';
import { computeClock } from '../../platform/sla/compute-clocks.js';
import { buildCalendar } from '../../platform/calendar/calendar-store.js';
import type { Principal } from '../identity/index.js';
import { inOrgScope, orgUnitField } from '../orgs/index.js';
import { lateFee } from './late-fee-rules.js';
import type { AgreementOut, BillDebt, CollectionPolicy, LateFeePolicy, StepOut, WaiverOut } from './schemas.js';

export interface AccountFacts {
  accountId: number;
  accountNo: string;
  customerName: string;
  orgUnitId: number;
  orgPath: string;
  important: boolean;
  customerClass: string;
}

/** An account in the caller's org scope, or 404 (existence does not leak). */
export async function visibleAccount(q: Queryable, p: Principal, accountId: number): Promise<AccountFacts> {
  const r = (
    await q.query(
      `SELECT f.*, ${orgUnitField('f.org_unit_id', 'path')} AS org_path FROM collection_account_facts f
        WHERE f.account_id = $1 AND ${inOrgScope('f.org_unit_id', '$2')}`,
      [accountId, p.orgPath],
    )
  ).rows[0];
  if (!r) throw notFound('Account', '用电户');
  return {
    accountId: Number(r.account_id),
    accountNo: r.account_no,
    customerName: r.customer_name,
    orgUnitId: Number(r.org_unit_id),
    orgPath: r.org_path,
    important: r.important,
    customerClass: r.customer_class ?? 'residential',
  };
}

/** A bill `b` (account_id, bill_id) written off by an approved write-off (坏账核销): no longer owed. */
export const WRITTEN_OFF_SQL = `SELECT 1 FROM bad_debt_write_off_bills w JOIN bad_debt_write_offs o ON o.id = w.write_off_id AND o.status = 'approved'
  WHERE w.account_id = b.account_id AND w.bill_id = b.bill_id`;

/** The bills of these accounts written off by approved write-offs (payments leaves them out of what is owed). */
export async function writtenOffBills(q: Queryable, accountIds: number[]): Promise<Set<number>> {
  if (!accountIds.length) return new Set();
  const { rows } = await q.query(
    `SELECT w.bill_id FROM bad_debt_write_off_bills w JOIN bad_debt_write_offs o ON o.id = w.write_off_id AND o.status = 'approved'
      WHERE w.account_id = ANY($1::bigint[])`,
    [accountIds],
  );
  return new Set(rows.map((r) => Number(r.bill_id)));
}

/**
 * Approved waivers per bill: the part that covered the fee not yet charged (payments counts it as charged:
 * it is never charged), the part that covered the fee charged and not paid (no longer owed) and the part that
 * covered the fee paid (credited to the account). docs/collection.md, "Late-fee waivers".
 */
export async function waiverPartsByBill(
  q: Queryable,
  accountIds: number[],
): Promise<Map<number, { unchargedFen: number; chargedFen: number; paidFen: number }>> {
  if (!accountIds.length) return new Map();
  const { rows } = await q.query(
    `SELECT bill_id, sum(uncharged_fen)::bigint AS u, sum(charged_fen)::bigint AS c, sum(paid_fen)::bigint AS p FROM late_fee_waivers
      WHERE account_id = ANY($1::bigint[]) AND status = 'approved' GROUP BY bill_id`,
    [idArray(accountIds)],
  );
  return new Map(rows.map((r) => [Number(r.bill_id), { unchargedFen: Number(r.u), chargedFen: Number(r.c), paidFen: Number(r.p) }]));
}

/** Approved waivers' part that covered the fee not yet charged, per bill. */
export async function waivedByBill(q: Queryable, accountIds: number[]): Promise<Map<number, number>> {
  return new Map([...(await waiverPartsByBill(q, accountIds)).entries()].map(([b, w]) => [b, w.unchargedFen]));
}

/** The fee already paid and then waived, credited to each account (payments adds it to the account's credit). */
export async function waiverCredits(q: Queryable, accountIds: number[]): Promise<Map<number, number>> {
  if (!accountIds.length) return new Map();
  const { rows } = await q.query(
    `SELECT account_id, sum(paid_fen)::bigint AS fen FROM late_fee_waivers WHERE account_id = ANY($1::bigint[]) AND status = 'approved' AND paid_fen > 0 GROUP BY account_id`,
    [accountIds],
  );
  return new Map(rows.map((r) => [Number(r.account_id), Number(r.fen)]));
}

/** The account's open bills on `today` with the late fee to date (the rule, explained per line), waivers and charges deducted. */
export async function accountDebts(q: Queryable, accountId: number, today: string, policy: LateFeePolicy): Promise<BillDebt[]> {
  const bills = (
    await q.query(
      `SELECT b.bill_id, b.cycle, b.total_fen, b.due_date::text AS due_date, b.customer_class FROM collection_bills b
        WHERE b.account_id = $1 AND NOT EXISTS (${WRITTEN_OFF_SQL}) ORDER BY b.due_date, b.bill_id`,
      [accountId],
    )
  ).rows;
  if (!bills.length) return [];
  const paid = (
    await q.query(`SELECT bill_id, paid_on::text AS day, principal_fen FROM collection_principal_paid WHERE account_id = $1 AND paid_on <= $2::date`, [
      accountId,
      today,
    ])
  ).rows;
  const charged = new Map(
    (await q.query('SELECT bill_id, charged_fen FROM collection_fee_charged WHERE account_id = $1', [accountId])).rows.map((r) => [
      Number(r.bill_id),
      Number(r.charged_fen),
    ]),
  );
  const waived = await waivedByBill(q, [accountId]);
  const out: BillDebt[] = [];
  for (const b of bills) {
    const billId = Number(b.bill_id);
    const payments = paid.filter((p) => Number(p.bill_id) === billId).map((p) => ({ date: p.day, principalFen: Number(p.principal_fen) }));
    const principalPaid = payments.reduce((s, p) => s + p.principalFen, 0);
    const totalFen = Number(b.total_fen);
    if (principalPaid >= totalFen) continue;
    const fee = lateFee(
      {
        billId: String(billId),
        customerClass: b.customer_class,
        dueDate: b.due_date,
        billMonth: /^\d{4}-\d{2}$/.test(b.cycle) ? b.cycle : undefined,
        principalFen: totalFen,
      },
      payments,
      today < b.due_date ? b.due_date : today,
      policy,
      charged.get(billId) ?? 0,
    );
    const waivedFen = waived.get(billId) ?? 0;
    out.push({
      billId,
      cycle: b.cycle,
      dueDate: b.due_date,
      totalFen,
      principalOwedFen: totalFen - principalPaid,
      overdueDays: Math.max(0, dayNo(today) - dayNo(b.due_date)),
      lateFee: fee,
      waivedFen,
      feeDueFen: Math.max(0, fee.dueNowFen - waivedFen),
    });
  }
  return out;
}

/** Bills of the last 12 months that bore a late fee (risk: payment history). */
export async function latePayments12m(q: Queryable, accountId: number, today: string): Promise<number> {
  const { rows } = await q.query(
    `SELECT count(*)::int AS n FROM (
       SELECT bill_id FROM collection_fee_charged WHERE account_id = $1 AND last_paid_on > $2::date - 365
       UNION SELECT bill_id FROM late_fee_accruals WHERE account_id = $1 AND fee_fen > 0) x`,
    [accountId, today],
  );
  return rows[0].n;
}

/** The restore clock of a restore step on the SLA engine: natural hours from the payment that cleared the arrears. */
export function restoreClock(startedAt: Date, doneAt: Date | null, hours: number, now: Date): { dueAt: string | null; state: string } {
  const r = computeClock(
    { name: 'restore', basis: 'natural', minutes: hours * 60, stopOn: { states: ['restored'] }, pauseStates: [] },
    buildCalendar('Asia/Shanghai', []),
    { receivedAt: startedAt, initialState: 'stopped', events: doneAt ? [{ at: doneAt, action: 'restore', state: 'restored' }] : [], now },
  );
  return { dueAt: r.dueAt, state: r.state };
}

export const restoreHoursOf = (customerClass: string, policy: CollectionPolicy) => policy.restoreHours[customerClass] ?? policy.restoreHoursOther;

const iso = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));
const idOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const STEP_COLUMNS = `s.*, s.due_on::text AS due_on_t, s.served_on::text AS served_on_t, s.stop_from::text AS stop_from_t`;

export function toStep(r: Record<string, any>, now = new Date()): StepOut {
  let clockState: string | null = null;
  if (r.kind === 'restore' && r.clock_started_at && r.clock_due_at) {
    const started = new Date(r.clock_started_at);
    const hours = Math.round((new Date(r.clock_due_at).getTime() - started.getTime()) / 3_600_000);
    clockState = restoreClock(started, r.done_at ? new Date(r.done_at) : null, Math.max(1, hours), now).state;
  }
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    ...(r.account_no ? { accountNo: r.account_no, customerName: r.customer_name } : {}),
    orgUnitId: Number(r.org_unit_id),
    kind: r.kind,
    status: r.status,
    dueOn: r.due_on_t ?? null,
    arrearsFen: Number(r.arrears_fen),
    servedOn: r.served_on_t ?? null,
    stopFrom: r.stop_from_t ?? null,
    method: r.method,
    note: r.note,
    noticeId: idOrNull(r.notice_id),
    important: r.important,
    stopId: idOrNull(r.stop_id),
    clockStartedAt: iso(r.clock_started_at),
    clockDueAt: iso(r.clock_due_at),
    clockState,
    createdBy: idOrNull(r.created_by),
    createdAt: iso(r.created_at)!,
    approvedBy: idOrNull(r.approved_by),
    approvedAt: iso(r.approved_at),
    doneBy: idOrNull(r.done_by),
    doneAt: iso(r.done_at),
    ...(r.kind === 'notice'
      ? {
          noticeNo: r.notice_no ?? null,
          servedAt: iso(r.served_at),
          servedTo: r.served_to ?? null,
          smsOutboxId: idOrNull(r.sms_outbox_id),
          smsNotBefore: iso(r.sms_not_before),
        }
      : {}),
  };
}

export const toWaiver = (r: Record<string, any>): WaiverOut => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  billId: Number(r.bill_id),
  amountFen: Number(r.amount_fen),
  reason: r.reason,
  status: r.status,
  requestedBy: Number(r.requested_by),
  requestedAt: iso(r.requested_at)!,
  decidedBy: idOrNull(r.decided_by),
  decidedAt: iso(r.decided_at),
  decisionNote: r.decision_note,
  unchargedFen: Number(r.uncharged_fen ?? 0),
  chargedFen: Number(r.charged_fen ?? 0),
  paidFen: Number(r.paid_fen ?? 0),
});

export async function agreementsOf(q: Queryable, accountId: number, today: string): Promise<AgreementOut[]> {
  const { rows } = await q.query(
    `SELECT g.*, g.starts_on::text AS starts_on_t, g.ended_on::text AS ended_on_t,
            (SELECT coalesce(sum(p.amount_fen), 0) FROM collection_account_payments p WHERE p.account_id = g.account_id AND p.paid_at >= g.counted_from)::bigint AS paid_fen,
            (SELECT json_agg(json_build_object('seq', i.seq, 'dueOn', i.due_on::text, 'amountFen', i.amount_fen) ORDER BY i.seq) FROM installment_items i WHERE i.agreement_id = g.id) AS items
       FROM installment_agreements g WHERE g.account_id = $1 ORDER BY g.id`,
    [accountId],
  );
  return rows.map((r) => {
    const items = (r.items ?? []) as { seq: number; dueOn: string; amountFen: number }[];
    return {
      id: Number(r.id),
      accountId: Number(r.account_id),
      totalFen: Number(r.total_fen),
      startsOn: r.starts_on_t,
      status: r.status,
      note: r.note,
      createdBy: Number(r.created_by),
      createdAt: iso(r.created_at)!,
      endedOn: r.ended_on_t ?? null,
      items: items.map((i) => ({ seq: i.seq, dueOn: i.dueOn, amountFen: Number(i.amountFen) })),
      paidFen: Number(r.paid_fen),
      dueFen: items.filter((i) => i.dueOn < today).reduce((s, i) => s + Number(i.amountFen), 0),
    };
  });
}
