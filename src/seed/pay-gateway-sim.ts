/**
 * A local payment gateway for tests and the demo seed (docs/payments.md, "Online payment"): it speaks the documented
 * contract — signed JSON requests in, signed JSON replies out (HMAC-SHA256), idempotent by order and
 * refund numbers — and serves a pay page (`payUrl`) where a browser "pays": the order becomes paid,
 * the signed callback is sent (or lost, on the second button) and the browser is sent to the order's
 * `returnUrl`. Used by the online payment API tests, the browser test of the portal's pay button (through
 * test/support/pay-gateway.ts) and the demo's gateway statement (gateway-activity.ts, on 127.0.0.1 while seeding).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signed, verify } from '../modules/payments/index.js';

export const GATEWAY_SECRET = 'test-shared-secret';
export const GATEWAY_MERCHANT = 'griddesk-test';
const SECRET = GATEWAY_SECRET;
const MERCHANT = GATEWAY_MERCHANT;

export interface GwOrder {
  orderNo: string;
  amountFen: number;
  notifyUrl: string;
  returnUrl?: string;
  status: 'created' | 'paid';
  gatewayOrderId: string;
  gatewayTxnId?: string;
  refunded: number;
  paidAt?: Date;
}

/** The test gateway's fee: 0.6 % of each payment, rounded half up to the fen (integer arithmetic). */
export const gatewayFee = (amountFen: number) => Math.floor((amountFen * 6 + 500) / 1000);

/** Changes a test makes to the statement the gateway serves (to make exceptions of each kind). */
export interface StatementTweaks {
  /** extra raw lines appended (e.g. an order griddesk never made) */
  extra: string[];
  /** orders left out of the statement */
  omit: Set<string>;
  /** orders whose amount the statement reports differently */
  amountOf: Map<string, number>;
  /** the next this many statement requests answer an error (a day not final yet) */
  statementErrors: number;
  /** orders whose query answers an error (the gateway cannot answer about them for now) */
  queryDown: Set<string>;
}

/** The gateway as documented: signed JSON requests in, signed JSON replies out; idempotent by order and refund numbers. */
export async function startGateway() {
  const orders = new Map<string, GwOrder>();
  const refunds = new Map<string, { refundNo: string; status: string; orderNo: string; amountFen: number; at: Date }>();
  const tweaks: StatementTweaks = { extra: [], omit: new Set(), amountOf: new Map(), statementErrors: 0, queryDown: new Set() };
  const seen: string[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: Record<string, string | number>) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(signed(body, SECRET)));
      };
      seen.push(`${req.method} ${req.url}`);
      // the payer's browser: the pay page, and paying on it (the callback sent, or lost), then back to the return URL
      const page = /^\/pay\/(G\d+)$/.exec(req.url ?? '');
      if (page) {
        const o = [...orders.values()].find((x) => x.gatewayOrderId === page[1]);
        if (!o) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          return res.end('no such order');
        }
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(
            `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试支付网关</title></head><body>` +
              `<h1>测试支付网关 / test gateway</h1><p data-testid="gw-order">${o.orderNo}</p><p data-testid="gw-amount">${o.amountFen}</p>` +
              `<form method="post"><button data-testid="gw-pay" name="lose" value="0">支付 / pay</button>` +
              `<button data-testid="gw-pay-lose" name="lose" value="1">支付（回调丢失）/ pay, callback lost</button></form></body></html>`,
          );
        }
        void pay(o.orderNo, { lose: new URLSearchParams(raw).get('lose') === '1' }).then(() => {
          res.writeHead(303, { location: o.returnUrl ?? '/' });
          res.end();
        });
        return;
      }
      const msg = JSON.parse(raw || '{}') as Record<string, string | number>;
      if (!verify(msg, SECRET) || msg.merchantId !== MERCHANT) return send(401, { code: 'BAD_SIGNATURE', message: 'signature' });
      if (req.url === '/orders') {
        const no = String(msg.orderNo);
        if (!orders.has(no))
          orders.set(no, {
            orderNo: no,
            amountFen: Number(msg.amountFen),
            notifyUrl: String(msg.notifyUrl),
            returnUrl: msg.returnUrl === undefined ? undefined : String(msg.returnUrl),
            status: 'created',
            gatewayOrderId: `G${++n}`,
            refunded: 0,
          });
        const o = orders.get(no)!;
        return send(200, {
          orderNo: no,
          gatewayOrderId: o.gatewayOrderId,
          payUrl: `${url}/pay/${o.gatewayOrderId}`,
          status: o.status,
          amountFen: o.amountFen,
        });
      }
      if (req.url === '/orders/query') {
        const o = orders.get(String(msg.orderNo));
        if (tweaks.queryDown.has(String(msg.orderNo))) return send(503, { code: 'SYSTEM_BUSY', message: 'try again later' });
        if (!o) return send(404, { code: 'NO_ORDER', message: 'unknown order' });
        return send(200, {
          orderNo: o.orderNo,
          gatewayOrderId: o.gatewayOrderId,
          status: o.status,
          amountFen: o.amountFen,
          ...(o.gatewayTxnId ? { gatewayTxnId: o.gatewayTxnId } : {}),
        });
      }
      if (req.url === '/refunds') {
        const no = String(msg.refundNo);
        if (!refunds.has(no)) {
          const o = orders.get(String(msg.orderNo));
          if (!o || o.status !== 'paid' || o.refunded + Number(msg.amountFen) > o.amountFen)
            return send(409, { code: 'REFUND_REFUSED', message: 'refund refused' });
          o.refunded += Number(msg.amountFen);
          refunds.set(no, { refundNo: no, status: 'succeeded', orderNo: o.orderNo, amountFen: Number(msg.amountFen), at: new Date() });
        }
        const r = refunds.get(no)!;
        return send(200, { refundNo: r.refundNo, status: r.status });
      }
      if (req.url === '/statements') {
        // the day's statement (Beijing calendar day of each payment and refund at the gateway), as documented
        const date = String(msg.date);
        if (tweaks.statementErrors > 0) {
          tweaks.statementErrors--;
          return send(503, { code: 'NOT_FINAL', message: `the statement of ${date} is not final yet` });
        }
        const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
        const lines: string[] = [];
        let gross = 0;
        let refund = 0;
        let fee = 0;
        for (const o of orders.values()) {
          if (o.status !== 'paid' || !o.paidAt || day(o.paidAt) !== date || tweaks.omit.has(o.orderNo)) continue;
          const amount = tweaks.amountOf.get(o.orderNo) ?? o.amountFen;
          const f = gatewayFee(amount);
          gross += amount;
          fee += f;
          lines.push(`pay,${o.orderNo},${o.gatewayTxnId},,${amount},${f},${o.paidAt.toISOString()}`);
        }
        for (const r of refunds.values()) {
          if (day(r.at) !== date) continue;
          refund += r.amountFen;
          lines.push(`refund,${r.orderNo},,${r.refundNo},${r.amountFen},0,${r.at.toISOString()}`);
        }
        for (const x of tweaks.extra) {
          const f = x.split(',');
          if (f[0] === 'pay') {
            gross += Number(f[4]);
            fee += Number(f[5]);
          } else refund += Number(f[4]);
          lines.push(x);
        }
        const content = ['type,orderNo,gatewayTxnId,refundNo,amountFen,feeFen,time', ...lines].join('\n') + '\n';
        return send(200, {
          merchantId: MERCHANT,
          date,
          lines: lines.length,
          grossFen: gross,
          refundFen: refund,
          feeFen: fee,
          netFen: gross - refund - fee,
          sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
          content,
        });
      }
      send(404, { code: 'NO_ROUTE', message: String(req.url) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** The customer pays at the gateway; the callback is sent (unless lost) and returned for replays. */
  const pay = async (orderNo: string, opts: { lose?: boolean } = {}) => {
    const o = orders.get(orderNo)!;
    o.status = 'paid';
    o.paidAt = new Date();
    o.gatewayTxnId = `TX${orderNo.slice(-6)}${++n}`;
    const cb = signed(
      { merchantId: MERCHANT, orderNo, gatewayTxnId: o.gatewayTxnId, amountFen: o.amountFen, status: 'paid', timestamp: Date.now(), nonce: `n${n}` },
      SECRET,
    );
    const res = opts.lose ? null : await postCallback(o.notifyUrl, cb);
    return { cb, res };
  };
  return {
    url,
    orders,
    refunds,
    seen,
    tweaks,
    pay,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export async function postCallback(url: string, body: Record<string, string | number>) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}
