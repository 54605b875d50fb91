/**
 * Online payment through the payment gateway (docs/payments.md, "Online payment").
 *
 * - create: an order row first (our order number), then the gateway's order (pay URL); audited.
 * - callback (public route, no session): the signature is verified before anything is read
 *   (401 BAD_SIGNATURE), the merchant must be ours, the order must exist (404 UNKNOWN_ORDER). Under
 *   the order's row lock: an order already paid answers `replayed` and changes nothing (a replayed or
 *   duplicated callback); a paid report with another amount is refused (400, recorded on the order);
 *   otherwise the payment is taken through the same use case as the counter (channel `online`,
 *   reference = the gateway's transaction id, so even a second order reporting one transaction pays
 *   once) and the order settled — one transaction.
 * - query: for a lost callback, the gateway is asked for the order and a paid answer is applied the
 *   same way (`settledBy: query`). `reconcileOpenOrders` does it for orders left open longer than
 *   `payLostCallbackMs`, on a timer (reconciler.ts, started from src/background.ts).
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import type { Config } from '../../config.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { badField, conflict, DomainError, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { accountsForCollection } from '../customers/index.js';
import { todayBeijing } from '../ledger/index.js';
import { createGatewayOrder, queryGatewayOrder, type GatewayOrder, type GatewaySettings } from './gateway-client.js';
import { verify } from './gateway-rules.js';
import { takePaymentIn } from './payments.js';
import { PAYMENTS_POLICY } from './policy-data.js';
import { billStatesOf, creditOf, visibleAccount } from './store.js';
import { owedLines } from './payment-rules.js';
import type { CallbackReply, OnlineOrderOut, PortalPayInfo } from './schemas.js';

const GATEWAY_ACTOR: Actor = { id: null, kind: 'system', name: 'payment-gateway' };

export function gatewaySettings(config: Config): GatewaySettings | null {
  if (!config.payGatewayUrl || !config.payGatewaySecret || !config.payNotifyUrl) return null;
  return { url: config.payGatewayUrl, merchantId: config.payGatewayMerchant, secret: config.payGatewaySecret, notifyUrl: config.payNotifyUrl };
}
export const settingsOrOff = (config: Config): GatewaySettings => {
  const s = gatewaySettings(config);
  if (!s) throw conflict('未配置网上缴费', 'online payment is not configured', {}, 'ONLINE_OFF');
  return s;
};

const toOrder = (r: Record<string, any>): OnlineOrderOut => ({
  id: Number(r.id),
  orderNo: r.order_no,
  accountId: Number(r.account_id),
  amountFen: Number(r.amount_fen),
  status: r.status,
  payUrl: r.pay_url,
  gatewayOrderId: r.gateway_order_id,
  gatewayTxnId: r.gateway_txn_id,
  paymentId: r.payment_id === null ? null : Number(r.payment_id),
  settledBy: r.settled_by,
  callbacks: r.callbacks,
  lastProblem: r.last_problem,
  createdAt: r.created_at,
});

/** An order for an account the caller may pay: a portal customer's own account, or one in a staff member's scope. */
export async function createOnlineOrder(db: Db, p: Principal, config: Config, body: { accountId: number; amountFen: number }): Promise<OnlineOrderOut> {
  const s = settingsOrOff(config);
  const account =
    p.customerId !== null
      ? (await accountsForCollection(db, '/', { accountId: body.accountId, customerId: p.customerId }, 1))[0]
      : await visibleAccount(db, p, body.accountId);
  if (!account) throw notFound('Account', '用电户');
  const order = await withTx(db, async (tx) => {
    const id = Number((await tx.query(`SELECT nextval(pg_get_serial_sequence('online_orders', 'id')) AS id`)).rows[0].id);
    const orderNo = `OL${todayBeijing().replaceAll('-', '')}${String(id).padStart(8, '0')}`;
    const { rows } = await tx.query(
      `INSERT INTO online_orders (id, order_no, account_id, org_unit_id, org_path, amount_fen, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *`,
      [id, orderNo, account.accountId, account.orgUnitId, account.orgPath, body.amountFen, p.id],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'online_order.create',
      entity: 'online_order',
      entityId: id,
      orgUnitId: account.orgUnitId,
      after: { orderNo, accountNo: account.accountNo, amountFen: body.amountFen },
    });
    return toOrder(rows[0]);
  });
  let g: GatewayOrder;
  try {
    g = await createGatewayOrder(s, { orderNo: order.orderNo, amountFen: order.amountFen, subject: `电费 ${account.accountNo}` });
  } catch (e) {
    await db.query('UPDATE online_orders SET last_problem = $2 WHERE id = $1', [order.id, (e as Error).message.slice(0, 500)]);
    throw e;
  }
  const { rows } = await db.query('UPDATE online_orders SET gateway_order_id = $2, pay_url = $3 WHERE id = $1 RETURNING *', [
    order.id,
    g.gatewayOrderId,
    g.payUrl ?? null,
  ]);
  return toOrder(rows[0]);
}

/** Apply what the gateway reports for an order (callback or query), once. */
export async function applyReport(
  db: Db,
  orderNo: string,
  report: { status: string; amountFen: number; gatewayTxnId?: string },
  via: 'callback' | 'query',
): Promise<CallbackReply> {
  const refused = await withTx(db, async (tx) => {
    const o = (await tx.query('SELECT * FROM online_orders WHERE order_no = $1 FOR UPDATE', [orderNo])).rows[0];
    if (!o) throw new DomainError('not_found', 'UNKNOWN_ORDER', `订单 ${orderNo} 不存在`, `order ${orderNo} is unknown`);
    if (via === 'callback') await tx.query('UPDATE online_orders SET callbacks = callbacks + 1 WHERE id = $1', [o.id]);
    if (o.status === 'paid') return { reply: { result: 'replayed', orderNo } as CallbackReply };
    if (report.status !== 'paid') {
      if (report.status === 'failed' || report.status === 'closed') await tx.query('UPDATE online_orders SET status = $2 WHERE id = $1', [o.id, report.status]);
      return { reply: { result: 'ignored', orderNo } as CallbackReply };
    }
    if (report.amountFen !== Number(o.amount_fen) || !report.gatewayTxnId) {
      const why = `reported ${report.amountFen} fen (txn ${report.gatewayTxnId ?? '—'}), order ${o.amount_fen} fen`;
      await tx.query('UPDATE online_orders SET last_problem = $2 WHERE id = $1', [o.id, why]);
      return { error: badField('amountFen', 'mismatch', `金额与订单不符：${why}`, `the amount does not match the order: ${why}`) };
    }
    const gatewayPrincipal: Principal = {
      kind: 'token',
      id: 0,
      name: 'payment-gateway',
      role: null,
      scopes: [],
      orgUnitId: Number(o.org_unit_id),
      orgPath: o.org_path,
      customerId: null,
      csrfToken: null,
      ip: null,
      userAgent: null,
    };
    const pay = await takePaymentIn(
      tx,
      gatewayPrincipal,
      {
        accountId: Number(o.account_id),
        amountFen: report.amountFen,
        channel: 'online',
        method: 'online',
        reference: report.gatewayTxnId,
        confirmOverpay: true,
      },
      PAYMENTS_POLICY,
      todayBeijing(),
      GATEWAY_ACTOR,
    );
    await tx.query(`UPDATE online_orders SET status = 'paid', gateway_txn_id = $2, payment_id = $3, settled_by = $4, settled_at = now() WHERE id = $1`, [
      o.id,
      report.gatewayTxnId,
      pay.id,
      via,
    ]);
    await recordAudit(tx, GATEWAY_ACTOR, {
      action: 'online_order.paid',
      entity: 'online_order',
      entityId: Number(o.id),
      orgUnitId: Number(o.org_unit_id),
      before: { status: o.status },
      after: { status: 'paid', via, gatewayTxnId: report.gatewayTxnId, paymentId: pay.id, receiptNo: pay.receiptNo },
    });
    return { reply: { result: pay.replayed ? 'replayed' : 'accepted', orderNo } as CallbackReply };
  });
  if ('error' in refused) throw refused.error;
  return refused.reply;
}

/** The gateway's asynchronous callback (public route): signature first, then the order. */
export async function handleGatewayCallback(db: Db, config: Config, body: Record<string, string | number>): Promise<CallbackReply> {
  const s = settingsOrOff(config);
  if (!verify(body, s.secret)) throw new DomainError('unauthenticated', 'BAD_SIGNATURE', '回调签名校验失败', 'the callback signature does not verify');
  if (body.merchantId !== s.merchantId) throw badField('merchantId', 'unknown', '商户号不符', 'not our merchant id');
  const orderNo = String(body.orderNo ?? '');
  if (!/^OL\d{16}$/.test(orderNo)) throw badField('orderNo', 'pattern', '订单号格式错误', 'malformed order number');
  const amountFen = Number(body.amountFen);
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    throw badField('amountFen', 'range', '金额须为正整数分', 'the amount must be a positive whole number of fen');
  return applyReport(
    db,
    orderNo,
    { status: String(body.status ?? ''), amountFen, gatewayTxnId: body.gatewayTxnId === undefined ? undefined : String(body.gatewayTxnId) },
    'callback',
  );
}

async function visibleOrder(q: Queryable, p: Principal, orderNo: string): Promise<Record<string, any>> {
  const { rows } = await q.query(`SELECT * FROM online_orders WHERE order_no = $1 AND org_path LIKE $2 || '%'`, [orderNo, p.orgPath]);
  if (!rows[0]) throw notFound('Online order', '网上缴费订单');
  return rows[0];
}

/** Ask the gateway about an order (a lost callback) and apply a paid answer. */
export async function queryOnlineOrder(db: Db, p: Principal, config: Config, orderNo: string): Promise<OnlineOrderOut> {
  const s = settingsOrOff(config);
  const o = await visibleOrder(db, p, orderNo);
  if (o.status === 'created') {
    const g = await queryGatewayOrder(s, orderNo);
    if (g.status !== 'created') await applyReport(db, orderNo, { status: g.status, amountFen: g.amountFen, gatewayTxnId: g.gatewayTxnId }, 'query');
  }
  return toOrder(await visibleOrder(db, p, orderNo));
}

/** Orders still open after `olderThanMs`: ask the gateway about each (for a timer; returns how many were settled). */
export async function reconcileOpenOrders(db: Db, config: Config, olderThanMs: number): Promise<number> {
  const s = settingsOrOff(config);
  const { rows } = await db.query(
    `SELECT order_no FROM online_orders WHERE status = 'created' AND created_at < now() - $1 * interval '1 millisecond' ORDER BY id LIMIT 500`,
    [olderThanMs],
  );
  let settled = 0;
  for (const r of rows) {
    // one order the gateway cannot answer (or answers with a wrong amount) does not stop the others: it is recorded on the order
    try {
      const g = await queryGatewayOrder(s, r.order_no);
      if (g.status === 'created') continue;
      await applyReport(db, r.order_no, { status: g.status, amountFen: g.amountFen, gatewayTxnId: g.gatewayTxnId }, 'query');
      settled++;
    } catch (e) {
      await db.query('UPDATE online_orders SET last_problem = $2 WHERE order_no = $1', [r.order_no, (e as Error).message.slice(0, 500)]);
    }
  }
  return settled;
}

export async function listOnlineOrders(db: Db, p: Principal, accountId?: number): Promise<OnlineOrderOut[]> {
  const own = p.customerId !== null;
  const { rows } = await db.query(
    `SELECT o.* FROM online_orders o WHERE ($1::bigint IS NULL OR o.account_id = $1) AND (
       ($2::bigint IS NOT NULL AND o.account_id IN (SELECT unnest($3::bigint[]))) OR ($2::bigint IS NULL AND o.org_path LIKE $4 || '%'))
     ORDER BY o.id DESC LIMIT 200`,
    [
      accountId ?? null,
      own ? p.customerId : null,
      own ? (await accountsForCollection(db, '/', { customerId: p.customerId! }, 100)).map((a) => a.accountId) : [],
      p.orgPath,
    ],
  );
  return rows.map(toOrder);
}

/** Portal: whether online payment is on, and the signed-in customer's accounts with what each owes today and its credit. */
export async function portalPayInfo(db: Db, p: Principal, config: Config): Promise<PortalPayInfo> {
  const enabled = gatewaySettings(config) !== null;
  if (p.customerId === null) return { enabled, accounts: [] };
  const accounts = await accountsForCollection(db, '/', { customerId: p.customerId }, 100);
  const states = await billStatesOf(
    db,
    accounts.map((a) => a.accountId),
  );
  const today = todayBeijing();
  const out: PortalPayInfo['accounts'] = [];
  for (const a of accounts) {
    const owed = owedLines(states.get(a.accountId)?.states ?? [], today, PAYMENTS_POLICY).reduce((s, l) => s + l.owedNowFen, 0);
    out.push({ accountId: a.accountId, accountNo: a.accountNo, totalOwedFen: owed, creditFen: await creditOf(db, a.accountId) });
  }
  return { enabled, accounts: out };
}

/** Portal: one of the signed-in customer's own orders (another's answers 404). */
async function ownOrder(db: Queryable, p: Principal, orderNo: string): Promise<Record<string, any>> {
  const mine = p.customerId === null ? [] : (await accountsForCollection(db, '/', { customerId: p.customerId }, 100)).map((a) => a.accountId);
  const { rows } = await db.query(`SELECT * FROM online_orders WHERE order_no = $1 AND account_id = ANY($2::bigint[])`, [orderNo, mine]);
  if (!rows[0]) throw notFound('Online order', '网上缴费订单');
  return rows[0];
}

export async function getMyOrder(db: Db, p: Principal, orderNo: string): Promise<OnlineOrderOut> {
  return toOrder(await ownOrder(db, p, orderNo));
}

/**
 * Portal: the result page asks when the callback is late — the gateway is queried for the customer's own
 * open order and a paid (failed, closed) answer applied, as the staff's query does. An order the gateway
 * has not settled stays open.
 */
export async function queryMyOrder(db: Db, p: Principal, config: Config, orderNo: string): Promise<OnlineOrderOut> {
  const s = settingsOrOff(config);
  const o = await ownOrder(db, p, orderNo);
  if (o.status === 'created' && o.gateway_order_id !== null) {
    const g = await queryGatewayOrder(s, orderNo);
    if (g.status !== 'created') await applyReport(db, orderNo, { status: g.status, amountFen: g.amountFen, gatewayTxnId: g.gatewayTxnId }, 'query');
  }
  return toOrder(await ownOrder(db, p, orderNo));
}
