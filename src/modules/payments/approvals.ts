/**
 * Reversals of payments and refunds of credit (docs/payments.md): one user asks, another with
 * payments.approve decides (four eyes: the requester may not approve their own request).
 *
 * - Reversal (冲正): only of the account's latest posted payment (a later payment was allocated on
 *   top of it: reverse that first), not in a closed cashier day (the close locked it), and not when
 *   its credit was refunded since. Approval sets the payment `reversed` — its allocation lines and fee
 *   charges stop counting, so the bills owe again what it paid — and reverses its ledger entries
 *   (payment and late fees) on the approval day.
 * - Refund (退费) of credit: at most the available credit (pending refunds are held back at request);
 *   approval posts `refund` { amount } to the ledger.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, DomainError, notFound } from '../../platform/errors.js';
import { refundGatewayOrder, type GatewaySettings } from './gateway-client.js';
import { actorOf, type Principal } from '../identity/index.js';
import { ledgerUnitFor, postedEventIds, postMoneyEvent, postMoneyEvents, reverseMoneyEvent, todayBeijing } from '../ledger/index.js';
import { summaryPair } from './payments.js';
import { receiptEventType } from './receipt-events.js';
import { ACCOUNT_CREDIT_METHOD, creditOf, visibleAccount } from './store.js';
import { settledBatchOf } from './settlement.js';
import { cardSettlementOf } from './card-settlements.js';
import { recoveredBillsOfPayment, waiverPartsOf, writtenOffBillsOf } from '../collection/index.js';
import type { PaymentRequestOut } from './schemas.js';

const toRequest = (r: Record<string, any>): PaymentRequestOut => ({
  id: Number(r.id),
  kind: r.kind,
  accountId: Number(r.account_id),
  paymentId: r.payment_id === null ? null : Number(r.payment_id),
  amountFen: Number(r.amount_fen),
  reason: r.reason,
  status: r.status,
  requestedBy: Number(r.requested_by),
  requestedAt: r.requested_at,
  decidedBy: r.decided_by === null ? null : Number(r.decided_by),
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  gatewayRefundNo: r.gateway_refund_no ?? null,
});

/**
 * A payment posted in a bank file's summarised entry (payments.ledger_source): the entry cannot lose
 * one payment's share, so it is reversed whole on the approval day (红字冲销) and the rest of its payments
 * posted again the same day as a new summary (`<original source>~r<request>`), which they then name.
 * Net effect on the day: exactly this payment's amounts (and its fees) reversed. Serialised per summary.
 */
async function reverseFromSummary(tx: Queryable, pay: Record<string, any>, today: string, userId: number, requestId: number): Promise<void> {
  const source: string = pay.ledger_source;
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:ledger:' || $1, 0))`, [source]);
  const rest = (
    await tx.query(
      `SELECT count(*)::int AS n, coalesce(sum(principal_fen), 0)::bigint AS principal, coalesce(sum(late_fee_fen), 0)::bigint AS late_fee,
              coalesce(sum(credit_fen), 0)::bigint AS credit, coalesce(sum(fee_charged_fen), 0)::bigint AS fee
         FROM payments WHERE ledger_source = $1 AND id <> $2 AND status = 'posted'`,
      [source, pay.id],
    )
  ).rows[0];
  const posted = await postedEventIds(tx, 'late_fee_charged', [source]);
  await reverseMoneyEvent(tx, { type: 'payment_received', id: source }, today, userId);
  // a bank payment that recovered written-off debts (坏账收回) posted its recovery on its own: undone with it
  if ((await postedEventIds(tx, 'bad_debt_recovered', [`payment:${pay.id}`])).size)
    await reverseMoneyEvent(tx, { type: 'bad_debt_recovered', id: `payment:${pay.id}` }, today, userId);
  if (posted.has(source)) await reverseMoneyEvent(tx, { type: 'late_fee_charged', id: source }, today, userId);
  if (rest.n === 0) return;
  const again = `${source.split('~')[0]}~r${requestId}`;
  const events = summaryPair(
    again,
    {
      unit: Number(pay.ledger_unit_id),
      customerClass: pay.customer_class,
      principal: Number(rest.principal),
      lateFee: Number(rest.late_fee),
      credit: Number(rest.credit),
      fee: Number(rest.fee),
    },
    today,
    `代扣汇总重记（冲正缴费 ${pay.id}）/ summary posted again without payment ${pay.id}: ${rest.n} 笔`,
  );
  await postMoneyEvents(tx, events, userId);
  await tx.query(`UPDATE payments SET ledger_source = $2 WHERE ledger_source = $1 AND id <> $3 AND status = 'posted'`, [source, again, pay.id]);
}

async function lockAccount(tx: Queryable, accountId: number) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:account:' || $1::text, 0))`, [accountId]);
}

/** Why a posted payment cannot be reversed now (null: it can). */
async function reversalBlocked(tx: Queryable, pay: Record<string, any>): Promise<Error | null> {
  if (pay.status !== 'posted') return conflict('该笔缴费已冲正', 'the payment is already reversed', {}, 'ALREADY_REVERSED');
  if (pay.channel === 'credit' && pay.method === ACCOUNT_CREDIT_METHOD)
    return conflict(
      '预收冲抵不能申请冲正：如需退还预收，请在冲抵后的余额上办理退费',
      'an application of the account credit is not reversed on request: refund what credit is left instead',
      {},
      'CREDIT_APPLICATION',
    );
  if (pay.channel === 'credit')
    return conflict(
      '账单贷项冲抵不能申请冲正：作废（退补）该负数账单后自动冲回',
      'a bill credit applied is not reversed on request: it is reversed when its credit bill is cancelled (rebilled)',
      {},
      'CREDIT_APPLICATION',
    );
  if (pay.close_id !== null) return conflict('该笔缴费所在日已日结，不能冲正', "the payment's day is closed: it cannot be reversed", {}, 'DAY_CLOSED');
  const later = await tx.query(`SELECT receipt_no FROM payments WHERE account_id = $1 AND id > $2 AND status = 'posted' ORDER BY id LIMIT 1`, [
    pay.account_id,
    pay.id,
  ]);
  if (later.rows[0])
    return conflict(
      `其后还有缴费 ${later.rows[0].receipt_no}，请先冲正后者`,
      `a later payment (${later.rows[0].receipt_no}) was allocated after it: reverse that one first`,
      {},
      'LATER_PAYMENTS',
    );
  if (Number(pay.credit_fen) > 0 && (await creditOf(tx, Number(pay.account_id))) < Number(pay.credit_fen))
    return conflict('该笔缴费的预收已退费，不能冲正', "the payment's credit was refunded since: it cannot be reversed", {}, 'CREDIT_REFUNDED');
  const settled = await settledBatchOf(tx, pay as { channel: string; reference: string });
  if (settled)
    return conflict(
      `代扣批次 ${settled} 已结算，该笔扣款不能冲正（请办理退费）`,
      `withholding batch ${settled} has been settled: its payment cannot be reversed (refund it instead)`,
      { batchNo: settled },
      'BATCH_SETTLED',
    );
  const cardImport = pay.channel === 'counter' && pay.method === 'card' ? await cardSettlementOf(tx, Number(pay.id)) : null;
  if (cardImport !== null)
    return conflict(
      `收单机构已结算该笔刷卡（结算文件 ${cardImport}），不能冲正（请办理退费）`,
      `the card acquirer has settled this card taking (settlement file ${cardImport}): it cannot be reversed (refund it instead)`,
      { importId: cardImport },
      'CARD_SETTLED',
    );
  const billIds = (await tx.query(`SELECT DISTINCT bill_id FROM payment_allocations WHERE payment_id = $1`, [pay.id])).rows.map((r) => Number(r.bill_id));
  const writtenOff = await writtenOffBillsOf(tx, [Number(pay.account_id)]);
  // a recovery of a written-off bill (坏账收回) may be reversed with its payment; a payment the write-off was computed after may not
  const recovered = await recoveredBillsOfPayment(tx, Number(pay.id));
  if (billIds.some((b) => writtenOff.has(b) && !recovered.has(b)))
    return conflict(
      '该笔缴费冲抵的账单已核销为坏账，不能冲正',
      'a bill this payment paid has been written off as a bad debt since: the payment cannot be reversed',
      {},
      'WRITTEN_OFF',
    );
  // a fee this payment charged or paid was waived afterwards (no longer owed, or credited back): reversing would undo what the waiver rests on
  const feeBills = (
    await tx.query(
      `SELECT bill_id FROM late_fee_charges WHERE account_id = $1 AND payment_id = $2
       UNION SELECT bill_id FROM payment_allocations WHERE account_id = $1 AND payment_id = $2 AND kind = 'late_fee'`,
      [pay.account_id, pay.id],
    )
  ).rows.map((r) => Number(r.bill_id));
  if (feeBills.length) {
    const waived = await waiverPartsOf(tx, [Number(pay.account_id)]);
    if (feeBills.some((b) => (waived.get(b)?.chargedFen ?? 0) + (waived.get(b)?.paidFen ?? 0) > 0))
      return conflict(
        '该笔缴费收取或缴纳的违约金已减免，不能冲正',
        'a late fee this payment charged or paid has been waived since: the payment cannot be reversed',
        {},
        'FEE_WAIVED',
      );
  }
  return null;
}

export async function requestReversal(db: Db, p: Principal, paymentId: number, reason: string): Promise<PaymentRequestOut> {
  return withTx(db, async (tx) => {
    const pay = (await tx.query(`SELECT * FROM payments WHERE id = $1 AND org_path LIKE $2 || '%'`, [paymentId, p.orgPath])).rows[0];
    if (!pay) throw notFound('Payment', '缴费记录');
    await lockAccount(tx, Number(pay.account_id));
    const blocked = await reversalBlocked(tx, pay);
    if (blocked) throw blocked;
    const open = await tx.query(`SELECT id FROM payment_requests WHERE payment_id = $1 AND kind = 'reversal' AND status = 'pending'`, [paymentId]);
    if (open.rows[0])
      throw conflict(
        '该笔缴费已有待审批的冲正申请',
        'a reversal of this payment is already waiting for approval',
        { requestId: Number(open.rows[0].id) },
        'REQUEST_PENDING',
      );
    const { rows } = await tx.query(
      `INSERT INTO payment_requests (kind, account_id, org_unit_id, org_path, payment_id, amount_fen, reason, requested_by)
       VALUES ('reversal', $1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [pay.account_id, pay.org_unit_id, pay.org_path, paymentId, pay.amount_fen, reason, p.id],
    );
    const out = toRequest(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: 'payment_request.create',
      entity: 'payment_request',
      entityId: out.id,
      orgUnitId: Number(pay.org_unit_id),
      after: out,
    });
    return out;
  });
}

export async function requestRefund(
  db: Db,
  p: Principal,
  accountId: number,
  body: { amountFen: number; reason: string; paymentId?: number },
): Promise<PaymentRequestOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockAccount(tx, accountId);
    const credit = await creditOf(tx, accountId);
    if (body.amountFen > credit)
      throw badField('amountFen', 'exceeds_credit', `退费金额超过可退预收 ${credit} 分`, `the refund exceeds the credit available (${credit} fen)`);
    if (body.paymentId !== undefined) {
      // back through the gateway to the online payment it came from: that payment, of this account, at most its amount
      const pay = (
        await tx.query(`SELECT amount_fen FROM payments WHERE id = $1 AND account_id = $2 AND channel = 'online' AND status = 'posted'`, [
          body.paymentId,
          accountId,
        ])
      ).rows[0];
      if (!pay) throw badField('paymentId', 'not_online', '不是该户有效的网上缴费', 'not a posted online payment of this account');
      if (body.amountFen > Number(pay.amount_fen))
        throw badField(
          'amountFen',
          'exceeds_payment',
          `退费金额超过原网上缴费 ${pay.amount_fen} 分`,
          `the refund exceeds the online payment (${pay.amount_fen} fen)`,
        );
    }
    const { rows } = await tx.query(
      `INSERT INTO payment_requests (kind, account_id, org_unit_id, org_path, payment_id, amount_fen, reason, requested_by) VALUES ('refund', $1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [accountId, a.orgUnitId, a.orgPath, body.paymentId ?? null, body.amountFen, body.reason, p.id],
    );
    const out = toRequest(rows[0]);
    await recordAudit(tx, actorOf(p), { action: 'payment_request.create', entity: 'payment_request', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

export async function listRequests(db: Db, p: Principal, status?: string): Promise<PaymentRequestOut[]> {
  const { rows } = await db.query(
    `SELECT * FROM payment_requests WHERE org_path LIKE $1 || '%' AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 200`,
    [p.orgPath, status ?? null],
  );
  return rows.map(toRequest);
}

export async function decideRequest(
  db: Db,
  p: Principal,
  requestId: number,
  approve: boolean,
  note?: string,
  gateway: GatewaySettings | null = null,
): Promise<PaymentRequestOut> {
  return withTx(db, async (tx) => {
    const req = (await tx.query(`SELECT * FROM payment_requests WHERE id = $1 AND org_path LIKE $2 || '%'`, [requestId, p.orgPath])).rows[0];
    if (!req) throw notFound('Payment request', '审批申请');
    await lockAccount(tx, Number(req.account_id));
    const cur = (await tx.query('SELECT * FROM payment_requests WHERE id = $1 FOR UPDATE', [requestId])).rows[0];
    if (cur.status !== 'pending')
      throw conflict(`申请已${cur.status === 'approved' ? '批准' : '驳回'}`, `the request is already ${cur.status}`, {}, 'REQUEST_DECIDED');
    if (Number(cur.requested_by) === p.id) throw conflict('不能审批自己提交的申请', 'you cannot decide your own request', {}, 'SAME_PERSON');
    const today = todayBeijing();
    if (approve && cur.kind === 'reversal') {
      const pay = (await tx.query('SELECT * FROM payments WHERE id = $1', [cur.payment_id])).rows[0];
      const blocked = await reversalBlocked(tx, pay);
      if (blocked) throw blocked;
      await tx.query(`UPDATE payments SET status = 'reversed', reversed_at = now() WHERE id = $1`, [pay.id]);
      if (pay.ledger_unit_id !== null && pay.ledger_source !== null) await reverseFromSummary(tx, pay, today, p.id, requestId);
      else if (pay.ledger_unit_id !== null) {
        await reverseMoneyEvent(tx, { type: receiptEventType(pay.channel, pay.method), id: `payment:${pay.id}` }, today, p.id);
        // 坏账收回 undone: the recovered receivable goes back to the allowance (the recovery rows stop counting with the payment)
        if ((await postedEventIds(tx, 'bad_debt_recovered', [`payment:${pay.id}`])).size)
          await reverseMoneyEvent(tx, { type: 'bad_debt_recovered', id: `payment:${pay.id}` }, today, p.id);
        const fees = (
          await tx.query('SELECT bill_id FROM late_fee_charges WHERE account_id = $1 AND payment_id = $2 ORDER BY bill_id', [pay.account_id, pay.id])
        ).rows;
        for (const f of fees) await reverseMoneyEvent(tx, { type: 'late_fee_charged', id: `payfee:${pay.id}:${f.bill_id}` }, today, p.id);
      }
      await recordAudit(tx, actorOf(p), {
        action: 'payment.reverse',
        entity: 'payment',
        entityId: Number(pay.id),
        orgUnitId: Number(pay.org_unit_id),
        before: { status: 'posted' },
        after: { status: 'reversed', requestId, reason: cur.reason, amountFen: Number(pay.amount_fen) },
      });
    }
    if (approve && cur.kind === 'refund' && cur.payment_id !== null) {
      // an online payment's money goes back through the gateway (idempotent there by the refund number)
      if (!gateway) throw conflict('未配置网上缴费，不能原路退回', 'online payment is not configured: cannot refund through the gateway', {}, 'ONLINE_OFF');
      const order = (await tx.query('SELECT order_no FROM online_orders WHERE payment_id = $1', [cur.payment_id])).rows[0];
      if (!order) throw conflict('找不到对应的网上缴费订单', 'no online order for that payment', {}, 'NO_ORDER');
      const refundNo = `RF${String(requestId).padStart(10, '0')}`;
      const r = await refundGatewayOrder(gateway, { orderNo: order.order_no, refundNo, amountFen: Number(cur.amount_fen) });
      if (r.status !== 'succeeded')
        throw new DomainError('unavailable', 'REFUND_FAILED', `网关退款未成功：${r.status}`, `the gateway did not refund: ${r.status}`);
      await tx.query('UPDATE payment_requests SET gateway_refund_no = $2, gateway_refund_status = $3 WHERE id = $1', [requestId, refundNo, r.status]);
    }
    if (approve && cur.kind === 'refund') {
      const unit = await ledgerUnitFor(tx, cur.org_path);
      if (unit) {
        // the class of the last payment that left credit (else of the last payment: a waived paid fee's credit, collection.md)
        const cls = (
          await tx.query(`SELECT customer_class FROM payments WHERE account_id = $1 ORDER BY (credit_fen > 0) DESC, id DESC LIMIT 1`, [cur.account_id])
        ).rows[0];
        await postMoneyEvent(
          tx,
          {
            type: 'refund',
            id: `refund:${requestId}`,
            orgUnitId: unit.orgUnitId,
            date: today,
            customerClass: cls?.customer_class ?? 'residential',
            amounts: { amount: Number(cur.amount_fen) },
            memo: `预收退费 / refund of credit, request ${requestId}`,
          },
          p.id,
        );
      }
    }
    const { rows } = await tx.query(
      `UPDATE payment_requests SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1 RETURNING *`,
      [requestId, approve ? 'approved' : 'rejected', p.id, note ?? null],
    );
    const out = toRequest(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: approve ? 'payment_request.approve' : 'payment_request.reject',
      entity: 'payment_request',
      entityId: requestId,
      orgUnitId: Number(cur.org_unit_id),
      before: { status: 'pending' },
      after: out,
    });
    return out;
  });
}
