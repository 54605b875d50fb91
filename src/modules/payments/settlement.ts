/**
 * Withholding settlement (代扣结算), docs/payments.md "Bank withholding": the bank transfers what a
 * debit batch collected to the company's collection account (电费收入户). The payments of the batch
 * were posted as collections in transit (Dr 101201); recording the bank's transfer posts
 * `withholding_settled` { amount } per ledger unit (Dr 100201 bank / Cr 101201), event id
 * `whsettle:<batch>:<unit>`, dated the day the money arrived, so collections in transit for the
 * batch come back to zero.
 *
 * - Only a reconciled batch (every line answered) is settled, once. The amount must be what the batch
 *   collected: its paid lines whose payments still stand (a bank payment reversed since is not part of
 *   it) — another amount is refused naming `amountFen`, writing nothing.
 * - The same settlement again (same day, amount and reference) answers the first (`replayed`); other
 *   content is refused (409 ALREADY_SETTLED). The posting is idempotent by its event ids as well.
 * - Audited as `withholding.settle`. Once settled, no bank payment of the batch can be reversed (its
 *   money left collections in transit; a refund is the way back).
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { postMoneyEvents, todayBeijing, type MoneyEvent } from '../ledger/index.js';
import type { BatchOut, SettlementIn } from './schemas.js';

/** The settlement of a batch as the API shows it (null: not settled). */
export async function settlementOf(q: Queryable, batchId: number): Promise<BatchOut['settlement']> {
  const r = (await q.query(`SELECT *, settled_on::text AS day FROM withholding_settlements WHERE batch_id = $1`, [batchId])).rows[0];
  if (!r) return null;
  return {
    settledOn: r.day,
    amountFen: Number(r.amount_fen),
    bankRef: r.bank_ref,
    ledgerSources: Object.keys(r.postings as Record<string, number>)
      .map(Number)
      .sort((a, b) => a - b)
      .map((u) => `whsettle:${batchId}:${u}`),
    unpostedFen: Number(r.unposted_fen),
    settledBy: r.settled_by === null ? null : Number(r.settled_by),
    replayed: false,
  };
}

/** What a batch collected per ledger unit: its paid lines whose payments still stand (0 = no books). */
async function collectedByUnit(q: Queryable, batchId: number): Promise<Map<number, number>> {
  const { rows } = await q.query(
    `SELECT coalesce(p.ledger_unit_id, 0) AS unit, sum(p.amount_fen)::bigint AS fen
       FROM withholding_lines l JOIN payments p ON p.id = l.payment_id
      WHERE l.batch_id = $1 AND l.status = 'paid' AND p.status = 'posted'
      GROUP BY 1 ORDER BY 1`,
    [batchId],
  );
  return new Map(rows.map((r) => [Number(r.unit), Number(r.fen)]));
}

/** Record the bank's transfer of a batch's collections and post it (payments.collect). */
export async function settleBatch(
  db: Db,
  p: Principal,
  batchId: number,
  body: SettlementIn,
  today = todayBeijing(),
): Promise<NonNullable<BatchOut['settlement']>> {
  const settledOn = body.settledOn ?? today;
  if (settledOn > today) throw badField('settledOn', 'future', '结算日期不能晚于今天', 'the settlement cannot be dated in the future');
  return withTx(db, async (tx) => {
    const b = (
      await tx.query(
        `SELECT *, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created_on FROM withholding_batches WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE`,
        [batchId, p.orgPath],
      )
    ).rows[0];
    if (!b) throw notFound('Withholding batch', '代扣批次');
    const before = await settlementOf(tx, batchId);
    if (before) {
      if (before.settledOn === settledOn && before.amountFen === body.amountFen && before.bankRef === body.bankRef) return { ...before, replayed: true };
      throw conflict(
        `批次 ${b.batch_no} 已于 ${before.settledOn} 结算 ${before.amountFen} 分`,
        `batch ${b.batch_no} was settled on ${before.settledOn} (${before.amountFen} fen)`,
        { settledOn: before.settledOn, amountFen: before.amountFen },
        'ALREADY_SETTLED',
      );
    }
    if (settledOn < b.created_on) throw badField('settledOn', 'after_batch', '结算日期不能早于批次导出日', 'the settlement cannot precede the batch');
    const open = Number((await tx.query(`SELECT count(*)::int AS n FROM withholding_lines WHERE batch_id = $1 AND status = 'sent'`, [batchId])).rows[0].n);
    if (open > 0)
      throw conflict(
        `批次还有 ${open} 笔未回盘，不能结算`,
        `${open} line(s) of the batch are still unanswered: it cannot be settled yet`,
        { open },
        'BATCH_OPEN',
      );
    const byUnit = await collectedByUnit(tx, batchId);
    const collected = [...byUnit.values()].reduce((s, v) => s + v, 0);
    if (collected === 0)
      throw conflict('该批次没有扣款成功的记录，无需结算', 'nothing of the batch was collected: there is nothing to settle', {}, 'NOTHING_COLLECTED');
    if (body.amountFen !== collected)
      throw badField(
        'amountFen',
        'settlement_mismatch',
        `结算金额 ${body.amountFen} 分与批次扣款成功金额 ${collected} 分不符`,
        `the amount settled (${body.amountFen} fen) differs from what the batch collected (${collected} fen)`,
      );
    const units = [...byUnit.entries()].filter(([u]) => u !== 0);
    const events: MoneyEvent[] = units.map(([unit, fen]) => ({
      type: 'withholding_settled',
      id: `whsettle:${batchId}:${unit}`,
      orgUnitId: unit,
      date: settledOn,
      amounts: { amount: fen },
      memo: `代扣结算 / withholding settlement ${b.batch_no} (${body.bankRef})`,
    }));
    if (events.length) await postMoneyEvents(tx, events, p.id);
    const postings = Object.fromEntries(units.map(([u, fen]) => [String(u), fen]));
    await tx.query(
      `INSERT INTO withholding_settlements (batch_id, settled_on, amount_fen, bank_ref, postings, unposted_fen, org_path, settled_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [batchId, settledOn, body.amountFen, body.bankRef, JSON.stringify(postings), byUnit.get(0) ?? 0, b.org_path, p.id],
    );
    const out = (await settlementOf(tx, batchId))!;
    await recordAudit(tx, actorOf(p), {
      action: 'withholding.settle',
      entity: 'withholding_batch',
      entityId: batchId,
      orgUnitId: Number(b.org_unit_id),
      after: { batchNo: b.batch_no, ...out, postings },
    });
    return out;
  });
}

/** A bank payment whose batch has been settled cannot be reversed (payments' reversal guard): its batch number, or null. */
export async function settledBatchOf(q: Queryable, pay: { channel: string; reference: string }): Promise<string | null> {
  if (pay.channel !== 'bank') return null;
  // a bank payment's reference is `<bank>:<batch no.>:<seq>` (withholding.ts)
  const batchNo = pay.reference.split(':')[1] ?? '';
  const r = (await q.query(`SELECT b.batch_no FROM withholding_batches b JOIN withholding_settlements s ON s.batch_id = b.id WHERE b.batch_no = $1`, [batchNo]))
    .rows[0];
  return r ? (r.batch_no as string) : null;
}
