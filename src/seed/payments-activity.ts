/**
 * Demo payments (docs/payments.md): the released bill run's bills posted to the books, then counter
 * payments by the demo cashier through the payments use case, so a new user sees bills paid in full,
 * part-paid, overpaid (credit) and unpaid; half the unpaid accounts get a bank withholding mandate
 * (the bank files screen then has lines to export). Deterministic per seed value; references are stable
 * (`demo:<bill>`), so running it again pays nothing twice.
 */
import { withTx, type Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { postReleasedBills } from '../modules/billing/index.js';
import { takePaymentIn, upsertMandate } from '../modules/payments/index.js';
import { mulberry32 } from './random.js';

export interface PaymentsSeedResult {
  bills: number;
  paid: number;
  partPaid: number;
  overpaid: number;
  unpaid: number;
}

export async function seedPaymentsActivity(db: Db, cashier: Principal, runId: number, seed: number): Promise<PaymentsSeedResult> {
  const rng = mulberry32(seed ^ 0x9a7);
  await withTx(db, (tx) => postReleasedBills(tx, { runId }));
  const bills = (
    await db.query(`SELECT id, account_id, total_fen FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0 ORDER BY account_id, id`, [runId])
  ).rows.map((r) => ({ id: Number(r.id), accountId: Number(r.account_id), totalFen: Number(r.total_fen) }));
  const out: PaymentsSeedResult = { bills: bills.length, paid: 0, partPaid: 0, overpaid: 0, unpaid: 0 };
  const methods = ['cash', 'cash', 'card', 'transfer'] as const;
  for (const b of bills) {
    const fate = rng();
    const method = methods[Math.floor(rng() * methods.length)];
    let amountFen = 0;
    if (fate < 0.5) {
      amountFen = b.totalFen;
      out.paid++;
    } else if (fate < 0.7) {
      amountFen = Math.max(1, Math.floor(b.totalFen / 2)); // half, whole fen
      out.partPaid++;
    } else if (fate < 0.75) {
      amountFen = b.totalFen + 10_000; // ¥100 over: credit
      out.overpaid++;
    } else {
      out.unpaid++;
      // every other unpaid account pays by bank withholding: its mandate, for the bank files screen
      if (out.unpaid % 2 === 1)
        await upsertMandate(db, cashier, {
          accountId: b.accountId,
          bankCode: out.unpaid % 4 === 1 ? 'DEMO-FIX' : 'DEMO-CSV',
          bankAccountNo: `622202${String(b.accountId).padStart(12, '0')}`,
          holderName: `户主${b.accountId}`,
        });
      continue;
    }
    await withTx(db, (tx) =>
      takePaymentIn(tx, cashier, { accountId: b.accountId, amountFen, channel: 'counter', method, reference: `demo:${b.id}`, confirmOverpay: true }),
    );
  }
  return out;
}
