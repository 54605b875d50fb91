/**
 * A finished gateway statement's exceptions posted (docs/payments.md, "Gateway statement", "Exceptions posted"):
 * every `unknown_order`, `mismatch` and `unmatched_refund` line's money is booked by `gateway_difference`
 * (`gwdiff:<line>`, the amounts by `exceptionPosting`, dated the import day) in the ledger unit of its payment,
 * else of its order's org unit, else the company's top ledger unit (the gateway's merchant account is the
 * company's). Runs inside the statement's finishing transaction, so a statement's exceptions post once; each
 * line keeps its source id and amounts. Also: a payment flagged `missing_at_gateway` by an earlier statement
 * that this one settles is marked resolved.
 */
import type { Queryable } from '../../db/pool.js';
import { allLedgerUnits, postMoneyEvents, type LedgerUnit, type MoneyEvent } from '../ledger/index.js';
import { exceptionPosting } from './statement-posting-rules.js';

/** The ledger unit that keeps an org path's books (longest prefix), else the top one (shortest path); null without units. */
export function unitForPath(units: readonly LedgerUnit[], orgPath: string | null): number | null {
  const own = orgPath ? units.filter((u) => orgPath.startsWith(u.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length)[0] : undefined;
  if (own) return own.orgUnitId;
  const top = [...units].sort((a, b) => a.orgPath.length - b.orgPath.length || a.orgPath.localeCompare(b.orgPath))[0];
  return top ? top.orgUnitId : null;
}

/** A line settles our payment (takes it out of collections in transit): matched, credited, or an exception posting with transit. */
export const settlesPayment = (a: string) => `(${a}.outcome IN ('matched', 'credited') OR coalesce((${a}.posting->>'transit')::bigint, 0) > 0)`;

export async function postStatementExceptions(tx: Queryable, statementId: number, date: string, today: string, postedBy: number | null): Promise<string[]> {
  const units = await allLedgerUnits(tx);
  const { rows } = await tx.query(
    `SELECT l.id, l.kind, l.outcome, l.amount_fen, l.fee_fen, l.payment_id, l.org_path, l.refund_no,
            p.ledger_unit_id, p.amount_fen AS paid_fen, p.status AS pay_status,
            r.status AS refund_status, r.amount_fen AS refund_fen
       FROM gateway_statement_lines l
       LEFT JOIN payments p ON p.id = l.payment_id
       LEFT JOIN LATERAL (SELECT status, amount_fen FROM payment_requests WHERE gateway_refund_no = l.refund_no ORDER BY id DESC LIMIT 1) r ON l.kind = 'refund'
      WHERE l.statement_id = $1 AND l.outcome IN ('unknown_order', 'mismatch', 'unmatched_refund') AND l.ledger_source IS NULL
      ORDER BY l.id`,
    [statementId],
  );
  const events: MoneyEvent[] = [];
  for (const l of rows) {
    let transitFen = 0;
    if (l.payment_id !== null && l.pay_status === 'posted') {
      const settled = await tx.query(`SELECT 1 FROM gateway_statement_lines o WHERE o.payment_id = $1 AND o.id <> $2 AND ${settlesPayment('o')} LIMIT 1`, [
        l.payment_id,
        l.id,
      ]);
      if (!settled.rowCount) transitFen = Number(l.paid_fen);
    }
    const amounts = exceptionPosting({
      kind: l.kind,
      outcome: l.outcome,
      amountFen: Number(l.amount_fen),
      feeFen: Number(l.fee_fen),
      transitFen,
      ourRefundFen: l.refund_status === 'approved' ? Number(l.refund_fen) : 0,
      refundPending: l.refund_status === 'pending',
    });
    const unit = l.ledger_unit_id !== null ? Number(l.ledger_unit_id) : unitForPath(units, l.org_path === '/' ? null : l.org_path);
    if (!amounts || unit === null) continue;
    const source = `gwdiff:${l.id}`;
    events.push({
      type: 'gateway_difference',
      id: source,
      orgUnitId: unit,
      date: today,
      amounts: { ...amounts },
      memo: `网关对账差异 / gateway statement ${date} line ${l.id} (${l.outcome})`,
    });
    await tx.query(`UPDATE gateway_statement_lines SET ledger_source = $2, posting = $3, ledger_unit_id = $4 WHERE id = $1`, [
      l.id,
      source,
      JSON.stringify(amounts),
      unit,
    ]);
  }
  if (events.length) await postMoneyEvents(tx, events, postedBy);
  // our payments flagged missing by an earlier statement and settled by this one
  await tx.query(
    `UPDATE gateway_statement_lines m SET resolved_at = now(),
            resolution = '已在 ' || $2 || ' 的对账单中到账 / arrived in the statement of ' || $2
      WHERE m.outcome = 'missing_at_gateway' AND m.resolved_at IS NULL AND m.statement_id <> $1
        AND EXISTS (SELECT 1 FROM gateway_statement_lines l WHERE l.statement_id = $1 AND l.payment_id = m.payment_id AND ${settlesPayment('l')})`,
    [statementId, date],
  );
  return events.map((e) => e.id);
}
