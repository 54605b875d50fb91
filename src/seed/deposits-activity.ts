/**
 * Demo cash deposits (现金解款, docs/payments.md "Cash deposit"): on each of the last three days before today that
 * lie in the current month (the demo's real postings stay in this month, ledger-activity.ts), the demo cashier
 * takes a few cash prepayments (预存: accounts owing nothing, so the money is kept as credit), closes the day
 * balanced and deposits the cash at the bank the same afternoon. Every deposit but the last is posted; the last
 * slip is ¥0.50 short and waits for a second person's approval. Today is not closed, so the demo cashier can
 * still take counter payments. Through the payments use cases; references `demo:deposit:<day>:<n>` and slip
 * numbers are stable, deterministic per seed value. On the first day of a month there is no earlier day: no deposits.
 */
import { withTx, type Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { todayBeijing } from '../modules/ledger/index.js';
import { arrearsOf, closeCashierDay, PAYMENTS_POLICY, recordDeposit, takePaymentIn } from '../modules/payments/index.js';
import { addDays } from '../platform/calendar/dates.js';
import { mulberry32 } from './random.js';

export interface DepositsSeedResult {
  days: string[];
  deposits: number;
  pending: number;
}

const PER_DAY = 3;
const SHORT_FEN = 50;

export async function seedDepositsActivity(db: Db, cashier: Principal, seed: number, today = todayBeijing()): Promise<DepositsSeedResult> {
  const rng = mulberry32(seed ^ 0xde905);
  const days = [3, 2, 1].map((k) => addDays(today, -k)).filter((d) => d.slice(0, 7) === today.slice(0, 7));
  const out: DepositsSeedResult = { days, deposits: 0, pending: 0 };
  if (!days.length) return out;
  // accounts in the cashier's scope that owe nothing (no prepaid accounts: their top-ups are the prepaid module's)
  const candidates = (
    await db.query(
      `SELECT a.id FROM customer_accounts a JOIN org_units o ON o.id = a.org_unit_id
        WHERE o.path LIKE $1 || '%' AND NOT EXISTS (SELECT 1 FROM prepaid_accounts p WHERE p.account_id = a.id) ORDER BY a.id LIMIT 300`,
      [cashier.orgPath],
    )
  ).rows.map((r) => Number(r.id));
  const start = Math.floor(rng() * Math.max(1, candidates.length - 100));
  const accounts: number[] = [];
  for (const id of candidates.slice(start).concat(candidates.slice(0, start))) {
    const a = await arrearsOf(db, cashier, id);
    if (a.totalOwedFen === 0 && a.recoverableFen === 0 && a.pendingCreditFen === 0) accounts.push(id);
    if (accounts.length === days.length * PER_DAY) break;
  }
  if (accounts.length < days.length * PER_DAY) return out;
  for (const [i, day] of days.entries()) {
    let cash = 0;
    for (let k = 0; k < PER_DAY; k++) {
      const amountFen = 5_000 + Math.floor(rng() * 20) * 1_000; // ¥50–¥240, whole yuan
      await withTx(db, (tx) =>
        takePaymentIn(
          tx,
          cashier,
          { accountId: accounts[i * PER_DAY + k], amountFen, channel: 'counter', method: 'cash', reference: `demo:deposit:${day}:${k}`, confirmOverpay: true },
          PAYMENTS_POLICY,
          day,
        ),
      );
      cash += amountFen;
    }
    const close = await closeCashierDay(db, cashier, { day, declared: { cash, card: 0, transfer: 0 } });
    const last = i === days.length - 1;
    const dep = await recordDeposit(db, cashier, {
      slipRef: `JK${day.replaceAll('-', '')}${String(cashier.id).padStart(4, '0')}`,
      bankName: '中国工商银行（演示）',
      amountFen: last ? cash - SHORT_FEN : cash,
      depositedAt: `${day}T08:30:00.000Z`, // 16:30 Beijing, the afternoon of the close
      closeIds: [close.id],
      ...(last ? { note: '点钞差 ¥0.50，待复核 / ¥0.50 short at the bank counter, for review' } : {}),
    });
    out.deposits++;
    if (dep.status === 'pending_approval') out.pending++;
  }
  return out;
}
