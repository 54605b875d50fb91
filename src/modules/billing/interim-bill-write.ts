/**
 * Writing an interim bill (分次结算 / 分次抄表, docs/billing.md §19 and §22), whichever way it was computed: the
 * bill released with its due date, its lines numbered in order, its ledger posting (bill-postings.ts) and its
 * `bill.interim` audit record, all in the caller's transaction. split-settlement.ts computes the bill (by share
 * or by reading) and checks that it may be issued; this file only writes it.
 */
import type { Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import type { MeterForBilling } from '../customers/index.js';
import { postReleasedBills } from './bill-postings.js';
import { runHooksForIssued } from './release-hooks.js';
import type { BillLine } from './schemas.js';

/** An interim bill as computed, ready to be written. */
export interface InterimBill {
  accountId: number;
  cycle: string;
  interimNo: number;
  /** the account's customer and org unit (its first meter) */
  meter: Pick<MeterForBilling, 'customerId' | 'orgUnitId' | 'orgPath'>;
  period: { from: string; to: string };
  /** decimal text; 0 for a bill by share */
  kwh: string;
  totalFen: number;
  tariffCodes: string[];
  inputs: Record<string, unknown>;
  /** the issuing user (null for the schedule's job) */
  createdBy: number | null;
  dueDate: string;
  /** the lines in order (line_no 1, 2, …); `reading` only on lines rated from a reading */
  lines: (BillLine & { reading?: string | null })[];
}

/** Who issues it and what the audit record states (`postedToLedger` is added here). */
export interface InterimAudit {
  actor: Actor;
  after: Record<string, unknown>;
}

/** Writes the interim bill released, its lines, its ledger posting and its `bill.interim` audit; answers its id. */
export async function writeInterimBill(tx: Tx, bill: InterimBill, audit: InterimAudit): Promise<number> {
  const id = Number(
    (
      await tx.query(
        `INSERT INTO bills (account_id, cycle, kind, status, run_id, customer_id, org_unit_id, org_path, period_from, period_to, kwh, total_fen, tariff_codes, inputs,
                            created_by, released_at, due_date, interim_no)
         VALUES ($1, $2, 'interim', 'released', NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13, $14) RETURNING id`,
        [
          bill.accountId,
          bill.cycle,
          bill.meter.customerId,
          bill.meter.orgUnitId,
          bill.meter.orgPath,
          bill.period.from,
          bill.period.to,
          bill.kwh,
          bill.totalFen,
          bill.tariffCodes,
          JSON.stringify(bill.inputs),
          bill.createdBy,
          bill.dueDate,
          bill.interimNo,
        ],
      )
    ).rows[0].id,
  );
  const lines = bill.lines;
  await tx.query(
    `INSERT INTO bill_lines (account_id, bill_id, line_no, code, rule, label_zh, label_en, tariff_code, register, reading, quantity, unit, price, amount_fen, note)
     SELECT $1, $2, n, code, rule, zh, en, tc, reg, rd, q, u, pr, fen, note
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[], $14::text[])
            WITH ORDINALITY AS x(code, rule, zh, en, tc, reg, rd, q, u, pr, fen, note, n)`,
    [
      bill.accountId,
      id,
      lines.map((l) => l.code),
      lines.map((l) => l.rule),
      lines.map((l) => l.labelZh),
      lines.map((l) => l.labelEn),
      lines.map((l) => l.tariffCode),
      lines.map((l) => l.register),
      lines.map((l) => l.reading ?? null),
      lines.map((l) => l.quantity),
      lines.map((l) => l.unit),
      lines.map((l) => l.price),
      lines.map((l) => l.amountFen),
      lines.map((l) => l.note ?? null),
    ],
  );
  // other modules' hooks (payments applies the account's credit to the new bill), before its ledger posting (release-hooks.ts)
  await runHooksForIssued(tx, audit.actor, 'interim', [bill.accountId]);
  const ledger = await postReleasedBills(tx, { billIds: [id] });
  await recordAudit(tx, audit.actor, {
    action: 'bill.interim',
    entity: 'bill',
    entityId: id,
    orgUnitId: bill.meter.orgUnitId,
    after: { ...audit.after, postedToLedger: ledger.posted },
  });
  return id;
}
