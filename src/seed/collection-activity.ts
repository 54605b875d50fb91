/**
 * Demo collection (docs/collection.md): some of the released run's unpaid bills are dated back so the
 * county's arrears fall in several ageing buckets (as an import of older arrears would), then the
 * daily pass runs, and the demo staff work the list through the collection use cases: notices served,
 * calls made, one important customer's stop order awaiting its second approval, one late-fee waiver
 * awaiting approval and one installment agreement. Deterministic per seed value.
 */
import type { Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { todayBeijing } from '../modules/ledger/index.js';
import { createAgreement, createStopOrder, recordCall, requestWaiver, runLateFeeDailyPass, serveNotice } from '../modules/collection/index.js';
import { addDays } from '../platform/calendar/dates.js';
import { mulberry32 } from './random.js';

export interface CollectionSeedResult {
  overdue: number;
  notices: number;
  stopOrderId: number | null;
  agreementId: number | null;
  waiverId: number | null;
}

export async function seedCollectionActivity(db: Db, clerk: Principal, runId: number, seed: number): Promise<CollectionSeedResult> {
  const rng = mulberry32(seed ^ 0xc011);
  const today = todayBeijing();
  // unpaid bills of the run (no principal paid on them)
  const unpaid = (
    await db.query(
      `SELECT b.id, b.account_id FROM bills b WHERE b.run_id = $1 AND b.status = 'released' AND b.total_fen > 0
          AND NOT EXISTS (SELECT 1 FROM payment_allocations a WHERE a.account_id = b.account_id AND a.bill_id = b.id)
        ORDER BY b.account_id, b.id`,
      [runId],
    )
  ).rows.map((r) => ({ id: Number(r.id), accountId: Number(r.account_id) }));
  // days overdue across the buckets (1–30 … 366+): older arrears of the county, as imported
  const ages = [12, 25, 38, 45, 52, 75, 88, 120, 160, 210, 400];
  for (const b of unpaid) {
    const days = ages[Math.floor(rng() * ages.length)];
    await db.query('UPDATE bills SET due_date = $2::date WHERE id = $1', [b.id, addDays(today, -days)]);
  }
  await runLateFeeDailyPass(db, today);
  const out: CollectionSeedResult = { overdue: unpaid.length, notices: 0, stopOrderId: null, agreementId: null, waiverId: null };
  const over30 = (
    await db.query(
      `SELECT a.account_id, a.principal_fen + a.fee_fen AS arrears FROM arrears_accounts a WHERE a.max_days > 40 ORDER BY a.max_days DESC, a.account_id`,
    )
  ).rows.map((r) => ({ accountId: Number(r.account_id), arrearsFen: Number(r.arrears) }));
  // notices served on the oldest debts: two 10 days ago (stop possible), one yesterday (still in its notice period)
  for (const [i, a] of over30.slice(0, 3).entries()) {
    await serveNotice(db, clerk, a.accountId, {
      method: i === 2 ? 'posted_on_site' : 'registered_mail',
      servedOn: addDays(today, i === 2 ? -1 : -10),
      note: '欠费停电通知书',
    });
    out.notices++;
    if (i < 2) await recordCall(db, clerk, a.accountId, { outcome: i === 0 ? 'reached' : 'no_answer', note: '停电前电话告知' });
  }
  // the first of them is an important customer: the stop order waits for a second approval
  if (over30[0]) {
    await db.query('UPDATE service_points SET important = true WHERE account_id = $1', [over30[0].accountId]);
    out.stopOrderId = (await createStopOrder(db, clerk, over30[0].accountId, '重要客户欠费停电，报分管领导审批')).id;
  }
  // an installment agreement on the fourth: two halves, 15 and 45 days from now
  const inst = over30[3];
  if (inst && inst.arrearsFen >= 2) {
    const half = Math.floor(inst.arrearsFen / 2);
    out.agreementId = (
      await createAgreement(db, clerk, inst.accountId, {
        items: [
          { dueOn: addDays(today, 15), amountFen: half },
          { dueOn: addDays(today, 45), amountFen: inst.arrearsFen - half },
        ],
        note: '客户经营困难，分两期缴清',
      })
    ).id;
  }
  // a waiver request on the fifth account's fee, awaiting approval
  const w = over30[4];
  if (w) {
    const fee = (await db.query(`SELECT bill_id, fee_fen FROM late_fee_accruals WHERE account_id = $1 AND fee_fen > 0 ORDER BY bill_id LIMIT 1`, [w.accountId]))
      .rows[0];
    if (fee)
      out.waiverId = (
        await requestWaiver(db, clerk, w.accountId, {
          billId: Number(fee.bill_id),
          amountFen: Number(fee.fee_fen),
          reason: '抄表差错导致账单延迟送达，申请减免违约金',
        })
      ).id;
  }
  return out;
}
