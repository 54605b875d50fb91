/**
 * A demo gateway statement (对账单, docs/payments.md "Gateway statement"): the gateway simulator
 * (pay-gateway-sim.ts) runs on 127.0.0.1 while seeding only — the demo server itself has no gateway configured —
 * the demo cashier creates five online orders for accounts that owe, the payers pay at the gateway with the
 * callbacks lost (the seeding server does not listen), four are settled by the lost-callback query, and today's
 * statement is imported through the same use case as the console's button. The statement carries one line of
 * each outcome: matched; credited (its order still open, queried by the import); mismatch (¥1.00 more than the
 * order); not confirmed (the gateway's query fails); an order griddesk never made; a refund griddesk never made;
 * a line that does not fit the layout; and our payment the statement lacks (missing at the gateway). The
 * exceptions' money is posted (`gateway_difference`), the matched and credited lines settled (`gateway_settled`).
 * Deterministic per seed value (accounts by seed; order numbers, transaction ids and amounts follow from them).
 */
import type { Db } from '../db/pool.js';
import { loadConfig } from '../config.js';
import type { Principal } from '../modules/identity/index.js';
import { todayBeijing } from '../modules/ledger/index.js';
import { arrearsOf, createOnlineOrder, importStatement, queryOnlineOrder } from '../modules/payments/index.js';
import { GATEWAY_MERCHANT, GATEWAY_SECRET, startGateway } from './pay-gateway-sim.js';
import { mulberry32 } from './random.js';

export interface GatewaySeedResult {
  statementId: number;
  lines: number;
  exceptions: number;
}

export async function seedGatewayActivity(db: Db, cashier: Principal, seed: number): Promise<GatewaySeedResult | null> {
  const rng = mulberry32(seed ^ 0x6a7e);
  const today = todayBeijing();
  const owing = (
    await db.query(
      `SELECT DISTINCT b.account_id FROM bills b JOIN customer_accounts a ON a.id = b.account_id JOIN org_units o ON o.id = a.org_unit_id
        WHERE b.status = 'released' AND b.total_fen > 0 AND o.path LIKE $1 || '%'
          AND NOT EXISTS (SELECT 1 FROM prepaid_accounts p WHERE p.account_id = b.account_id) ORDER BY 1 LIMIT 200`,
      [cashier.orgPath],
    )
  ).rows.map((r) => Number(r.account_id));
  const start = Math.floor(rng() * Math.max(1, owing.length - 40));
  const picked: Array<{ accountId: number; amountFen: number }> = [];
  for (const accountId of owing.slice(start)) {
    const owed = (await arrearsOf(db, cashier, accountId)).totalOwedFen;
    if (owed >= 2_000) picked.push({ accountId, amountFen: Math.min(owed, 2_000 + Math.floor(rng() * 80) * 100) });
    if (picked.length === 5) break;
  }
  if (picked.length < 5) return null;
  const gw = await startGateway();
  try {
    const config = loadConfig({
      GRIDDESK_PAYGW_URL: gw.url,
      GRIDDESK_PAYGW_MERCHANT: GATEWAY_MERCHANT,
      GRIDDESK_PAYGW_SECRET: GATEWAY_SECRET,
      // nothing listens while seeding: every callback is lost, the query settles the order as it would a late callback
      GRIDDESK_PAYGW_NOTIFY_URL: 'http://127.0.0.1:9/api/payments/gateway/callback',
    });
    const orders: string[] = [];
    for (const p of picked) orders.push((await createOnlineOrder(db, cashier, config, p)).orderNo);
    for (const o of orders) await gw.pay(o, { lose: true });
    const [matched, credited, mismatch, unconfirmed, missing] = orders;
    for (const o of [matched, mismatch, missing]) await queryOnlineOrder(db, cashier, config, o);
    void credited; // left open: the statement's import queries the gateway and credits it
    gw.tweaks.amountOf.set(mismatch, picked[2].amountFen + 100);
    gw.tweaks.queryDown.add(unconfirmed);
    gw.tweaks.omit.add(missing);
    const at = `${today}T03:00:00.000Z`;
    gw.tweaks.extra.push(
      `pay,OL${today.replaceAll('-', '')}99999901,TXDEMO0001,,1200,7,${at}`,
      `refund,${matched},,RF9000000001,500,0,${at}`,
      `pay,DEMO-LINE-NOT-AN-ORDER,TXDEMO0002,,300,2,${at}`,
    );
    const st = await importStatement(db, cashier, config, today);
    return { statementId: st.id, lines: st.lines, exceptions: st.exceptions };
  } finally {
    await gw.close();
  }
}
