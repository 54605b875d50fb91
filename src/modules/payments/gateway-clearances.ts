/**
 * Clearing a gateway statement exception's balance (docs/payments.md, "Clearing an exception's balance"), four eyes.
 *
 * A posted exception (`gateway_difference`, `gwdiff:<line>`) left money in 224106 (over: receipts to be identified) or
 * 122106 (short: due from the gateway). One person (payments.collect) asks to clear it — refund the payer, recover it
 * from the gateway, or write it off — naming the reason and the bank's or gateway's reference; another person
 * (payments.approve) approves or rejects. Approval posts `gateway_difference_cleared` (`gwclear:<clearance>`, the
 * amounts by `planClearance`, dated the approval day) in the ledger unit that took the exception, and marks the
 * exception resolved. A line is cleared once (one clearance waiting or approved at a time, a unique index).
 * Audited `gateway_exception.clear_request`, `.clear_approve`, `.clear_reject`.
 */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { allLedgerUnits, postMoneyEvents, todayBeijing } from '../ledger/index.js';
import { planClearance, type ClearanceAction } from './clearance-rules.js';
import { unitForPath } from './statement-exceptions.js';
import type { ClearanceOut } from './schemas.js';

const toClearance = (r: Record<string, any>): ClearanceOut => ({
  id: Number(r.id),
  lineId: Number(r.line_id),
  action: r.action,
  side: r.side,
  amountFen: Number(r.amount_fen),
  reason: r.reason,
  externalRef: r.external_ref,
  status: r.status,
  requestedBy: Number(r.requested_by),
  requestedAt: r.requested_at,
  decidedBy: r.decided_by === null ? null : Number(r.decided_by),
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  ledgerSource: r.ledger_source,
});

const inScope = (col: string, param: string) => `(${col} LIKE ${param} || '%' OR ${col} = '/')`;

/** Ask to clear a posted exception's balance (payments.collect). */
export async function requestClearance(
  db: Db,
  p: Principal,
  lineId: number,
  body: { action: ClearanceAction; reason: string; externalRef?: string },
): Promise<ClearanceOut> {
  return withTx(db, async (tx) => {
    const l = (await tx.query(`SELECT * FROM gateway_statement_lines WHERE id = $1 AND ${inScope('org_path', '$2')} FOR UPDATE`, [lineId, p.orgPath])).rows[0];
    if (!l || !String(l.ledger_source ?? '').startsWith('gwdiff:')) throw notFound('Posted statement exception', '已入账的对账异常');
    const open = (await tx.query(`SELECT id, status FROM gateway_exception_clearances WHERE line_id = $1 AND status IN ('pending', 'approved')`, [lineId]))
      .rows[0];
    if (open)
      throw conflict(
        open.status === 'pending' ? '该异常已有待审批的清理申请' : '该异常的余额已清理',
        open.status === 'pending' ? 'a clearance of this exception is waiting for approval' : "the exception's balance is cleared already",
        { clearanceId: Number(open.id) },
        'ALREADY_CLEARED',
      );
    const plan = planClearance(l.posting, body.action);
    if (!plan.ok) {
      if (plan.rule === 'nothing_to_clear') throw conflict(plan.zh, plan.en, {}, 'NOTHING_TO_CLEAR');
      throw badField('action', plan.rule, plan.zh, plan.en);
    }
    let unit: number | null = l.ledger_unit_id === null ? null : Number(l.ledger_unit_id);
    if (unit === null && l.payment_id !== null)
      unit = (await tx.query(`SELECT ledger_unit_id FROM payments WHERE id = $1`, [l.payment_id])).rows[0]?.ledger_unit_id ?? null;
    if (unit === null) unit = unitForPath(await allLedgerUnits(tx), l.org_path === '/' ? null : l.org_path);
    const r = (
      await tx.query(
        `INSERT INTO gateway_exception_clearances (line_id, action, side, amount_fen, reason, external_ref, requested_by, ledger_unit_id, posting, org_path)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING *`,
        [lineId, body.action, plan.side, plan.amountFen, body.reason, body.externalRef ?? null, p.id, unit, JSON.stringify(plan.amounts), l.org_path],
      )
    ).rows[0];
    const out = toClearance(r);
    await recordAudit(tx, actorOf(p), {
      action: 'gateway_exception.clear_request',
      entity: 'gateway_exception_clearance',
      entityId: out.id,
      orgUnitId: p.orgUnitId,
      after: { ...out, exception: { outcome: l.outcome, ledgerSource: l.ledger_source, posting: l.posting }, amounts: plan.amounts },
    });
    return out;
  });
}

/** Approve (post and resolve the exception) or reject a clearance; not one's own (payments.approve). */
export async function decideClearance(db: Db, p: Principal, id: number, approve: boolean, note?: string): Promise<ClearanceOut> {
  return withTx(db, async (tx) => {
    const r = (await tx.query(`SELECT * FROM gateway_exception_clearances WHERE id = $1 AND ${inScope('org_path', '$2')} FOR UPDATE`, [id, p.orgPath])).rows[0];
    if (!r) throw notFound('Exception clearance', '异常清理申请');
    if (r.status !== 'pending') throw conflict('该申请已审批', `the clearance is ${r.status}, not pending`, {}, 'REQUEST_DECIDED');
    if (Number(r.requested_by) === p.id) throw conflict('不能审批自己提交的申请', 'you cannot decide a clearance you asked for', {}, 'SAME_PERSON');
    let source: string | null = null;
    if (approve) {
      const today = todayBeijing();
      if (r.ledger_unit_id !== null) {
        source = `gwclear:${id}`;
        await postMoneyEvents(
          tx,
          [
            {
              type: 'gateway_difference_cleared',
              id: source,
              orgUnitId: Number(r.ledger_unit_id),
              date: today,
              amounts: r.posting,
              memo: `网关对账差异清理 / gateway difference cleared (${r.action}), line ${r.line_id}`,
            },
          ],
          p.id,
        );
      }
      await tx.query(
        `UPDATE gateway_statement_lines SET resolved_by = coalesce(resolved_by, $2), resolved_at = coalesce(resolved_at, now()),
                resolution = coalesce(resolution || ' / ', '') || $3 WHERE id = $1`,
        [r.line_id, p.id, `已清理（${r.action}，申请 ${id}）/ cleared (${r.action}, clearance ${id})`],
      );
    }
    const u = (
      await tx.query(
        `UPDATE gateway_exception_clearances SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4, ledger_source = $5 WHERE id = $1 RETURNING *`,
        [id, approve ? 'approved' : 'rejected', p.id, note ?? null, source],
      )
    ).rows[0];
    const out = toClearance(u);
    await recordAudit(tx, actorOf(p), {
      action: approve ? 'gateway_exception.clear_approve' : 'gateway_exception.clear_reject',
      entity: 'gateway_exception_clearance',
      entityId: id,
      orgUnitId: p.orgUnitId,
      before: { status: r.status },
      after: { ...out, amounts: approve ? r.posting : null },
    });
    return out;
  });
}

/** Clearances in the caller's scope (company-wide ones too), newest first; by status when given. */
export async function listClearances(db: Db, p: Principal, status?: string): Promise<ClearanceOut[]> {
  const { rows } = await db.query(
    `SELECT * FROM gateway_exception_clearances WHERE ${inScope('org_path', '$1')} AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 500`,
    [p.orgPath, status ?? null],
  );
  return rows.map(toClearance);
}
