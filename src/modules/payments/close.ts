/**
 * The cashier's day and its close (日结), docs/payments.md. The system's totals by method (posted
 * counter payments of that cashier on that day, not yet closed) against what the cashier declares,
 * to the fen (closeDay in payment-rules.ts). The close is recorded either way, with the difference
 * per method when it does not balance; it locks that day's payments (no reversal of them, no new
 * counter payment by that cashier that day). One close per cashier and day.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { todayBeijing } from '../ledger/index.js';
import { closeDay } from './payment-rules.js';
import { PAYMENTS_POLICY } from './policy-data.js';
import { paymentsWhere } from './store.js';
import type { CashierDay, CloseIn, CloseOut, MethodTotalsT } from './schemas.js';

const toClose = (r: Record<string, any>): CloseOut => ({
  id: Number(r.id),
  day: r.day_text,
  cashierId: Number(r.cashier_id),
  lines: PAYMENTS_POLICY.counterMethods.map((m) => ({
    method: m,
    systemFen: Number(r.system_totals[m] ?? 0),
    declaredFen: Number(r.declared[m] ?? 0),
    differenceFen: Number(r.discrepancies[m] ?? 0),
  })),
  balanced: r.balanced,
  payments: r.payments,
  note: r.note,
  closedAt: r.closed_at,
});

async function totalsOf(q: Queryable, cashierId: number, day: string): Promise<{ totals: MethodTotalsT; count: number }> {
  const { rows } = await q.query(
    `SELECT method, sum(amount_fen)::bigint AS fen, count(*)::int AS n FROM payments
      WHERE cashier_id = $1 AND paid_on = $2 AND channel = 'counter' AND status = 'posted' GROUP BY method`,
    [cashierId, day],
  );
  const totals: MethodTotalsT = { cash: 0, card: 0, transfer: 0 };
  let count = 0;
  for (const r of rows) {
    totals[r.method as keyof MethodTotalsT] = Number(r.fen);
    count += r.n;
  }
  return { totals, count };
}

async function closeOf(q: Queryable, cashierId: number, day: string): Promise<CloseOut | null> {
  const { rows } = await q.query(`SELECT *, to_char(day, 'YYYY-MM-DD') AS day_text FROM cashier_closes WHERE cashier_id = $1 AND day = $2`, [cashierId, day]);
  return rows[0] ? toClose(rows[0]) : null;
}

/** The signed-in cashier's day: payments, totals by method (posted only), the close if any. */
export async function cashierDay(db: Db, p: Principal, day = todayBeijing()): Promise<CashierDay> {
  const payments = await paymentsWhere(db, `p.cashier_id = $1 AND p.paid_on = $2 AND p.channel = 'counter'`, [p.id, day]);
  const { totals, count } = await totalsOf(db, p.id, day);
  return { day, cashierId: p.id, payments, totals, count, close: await closeOf(db, p.id, day) };
}

export async function closeCashierDay(db: Db, p: Principal, body: CloseIn): Promise<CloseOut> {
  const today = todayBeijing();
  if (body.day > today) throw badField('day', 'future', '不能日结未来的日期', 'a day in the future cannot be closed');
  return withTx(db, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:cashier:' || $1::text, 0))`, [p.id]);
    if (await closeOf(tx, p.id, body.day)) throw conflict(`${body.day} 已日结`, `${body.day} is already closed`, { day: body.day }, 'ALREADY_CLOSED');
    const { totals, count } = await totalsOf(tx, p.id, body.day);
    const result = closeDay(totals, body.declared, PAYMENTS_POLICY.counterMethods);
    const discrepancies = Object.fromEntries(result.lines.map((l) => [l.method, l.differenceFen]));
    const { rows } = await tx.query(
      `INSERT INTO cashier_closes (cashier_id, org_unit_id, day, system_totals, declared, discrepancies, balanced, payments, note)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *, to_char(day, 'YYYY-MM-DD') AS day_text`,
      [
        p.id,
        p.orgUnitId,
        body.day,
        JSON.stringify(totals),
        JSON.stringify(body.declared),
        JSON.stringify(discrepancies),
        result.balanced,
        count,
        body.note ?? null,
      ],
    );
    const close = toClose(rows[0]);
    await tx.query(`UPDATE payments SET close_id = $1 WHERE cashier_id = $2 AND paid_on = $3 AND channel = 'counter' AND close_id IS NULL`, [
      close.id,
      p.id,
      body.day,
    ]);
    await recordAudit(tx, actorOf(p), {
      action: 'cashier.close',
      entity: 'cashier_close',
      entityId: close.id,
      orgUnitId: p.orgUnitId,
      after: { day: body.day, balanced: close.balanced, system: totals, declared: body.declared, discrepancies },
    });
    return close;
  });
}
