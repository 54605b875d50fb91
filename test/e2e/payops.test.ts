/**
 * Browser: the stop-supply notice, the counter cash deposit and a payment approval.
 * - The billing clerk opens an overdue account's collection file, issues a notice without serving it (the
 *   timeline shows it issued, with its PDF), then records its serving (method, receiver): the timeline shows
 *   it served with the SMS's release time; the PDF is a PDF.
 * - A cashier's day closed, the cashier ticks the close on the cash deposits screen, enters a slip 50 fen
 *   short and records it: the deposit waits for approval (the cashier has no decision buttons); the
 *   supervisor opens the same screen (no slip form), approves it with a note: posted, its entry in the ledger.
 * - A reversal request of the billing clerk's: the supervisor rejects it with a note on the approvals screen (the
 *   approve / reject column and note prompt of pages/payments/decisions.tsx); it leaves the list, the payment stays.
 * - With the local test gateway: online payments of a day (one callback lost) and an order the gateway
 *   reports that we never made; the cashier imports that day's statement on the gateway screen, sees the
 *   exception with its reason, asks for its balance to be written off and resolves it with a note; the lost payment
 *   is credited and the settlement posted; the supervisor approves the clearance on the approvals screen (posted).
 */
import { describe, it } from 'node:test';
import { principalOf } from '../support/principals.js';
import assert from 'node:assert/strict';
import { login, pickOption, shot, startE2E, submitModal } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../../src/modules/ledger/index.js';
import { addDays } from '../../src/platform/calendar/dates.js';
import { GATEWAY_MERCHANT, GATEWAY_SECRET, startGateway } from '../support/pay-gateway.js';

const e = await startE2E({ customers: 60 });
const county = (await e.t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
await registerLedgerUnit(e.t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
const demo = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);
const today = todayBeijing();
await e.t.db.query(`UPDATE bills SET due_date = $2::date WHERE run_id = $1`, [demo.releasedRunId, addDays(today, -40)]);
const accounts = (
  await e.t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 ORDER BY account_id LIMIT 2`, [
    demo.releasedRunId,
  ])
).rows.map((r) => Number(r.account_id));

describe('web console: stop-supply notice and cash deposit', () => {
  it('notice: issued with its PDF, then its serving recorded with the SMS queued', async () => {
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'billing');
    await page.goto(`${e.base}/collection/accounts/${accounts[0]}`);
    await page.getByTestId('coll-bills').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('coll-notice').click();
    await submitModal(page, page.locator('.ant-modal .ant-btn-primary'));
    const issued = page.getByTestId('coll-timeline').getByText('已开具，待送达');
    await issued.waitFor();
    const step = (await e.t.db.query(`SELECT id FROM collection_steps WHERE account_id = $1 AND kind = 'notice' ORDER BY id DESC LIMIT 1`, [accounts[0]]))
      .rows[0];
    const href = await page.getByTestId(`notice-pdf-${step.id}`).getAttribute('href');
    const pdf = await page.request.get(`${e.base}${href}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    await page.getByTestId(`notice-serve-${step.id}`).click();
    await pickOption(page, page.getByTestId('serve-method'), '当面送达');
    await page.getByTestId('serve-to').fill('户主本人');
    await submitModal(page, page.locator('.ant-modal .ant-btn-primary'));
    await page.getByTestId('coll-timeline').getByText('签收人 户主本人').waitFor();
    await page
      .getByTestId('coll-timeline')
      .getByText(/起可停电/)
      .first()
      .waitFor();
    assert.equal(await page.getByTestId(`notice-serve-${step.id}`).count(), 0, 'served: no serving button any more');
    const row = (await e.t.db.query(`SELECT status, served_to, sms_outbox_id FROM collection_steps WHERE id = $1`, [step.id])).rows[0];
    assert.deepEqual([row.status, row.served_to], ['done', '户主本人']);
    await shot(page, 'collection-notice-served');
    assert.deepEqual(errors, []);
  });

  it('cash deposit: the closed day ticked, a short slip recorded, approved by the supervisor on the same screen, posted to the ledger', async () => {
    const cashier = await e.t.login('cashier');
    const pay = await cashier.req('POST', '/api/payments/counter', { accountId: accounts[1], amountFen: 23_456, method: 'cash', reference: 'E2E-DEP-1' });
    assert.equal(pay.statusCode, 201, pay.body);
    const close = await cashier.req('POST', '/api/payments/cashier/close', { day: today, declared: { cash: 23_456, card: 0, transfer: 0 } });
    assert.equal(close.statusCode, 201, close.body);
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'cashier');
    await page.goto(`${e.base}/payments/deposits`);
    const closeRow = page.getByTestId('deposit-closes').locator('tbody tr.ant-table-row', { hasText: '234.56' });
    await closeRow.waitFor();
    await closeRow.locator('input[type=checkbox]').check();
    await page.getByText('已选 1 张日结单，现金合计 ¥234.56').waitFor();
    await page.getByTestId('deposit-bank').fill('农业银行城关支行');
    await page.getByTestId('deposit-slip').fill('E2E-SLIP-1');
    await page.getByTestId('deposit-amount').fill('234.06');
    await page.getByTestId('deposit-submit').click();
    const depRow = page.getByTestId('deposits').locator('tbody tr.ant-table-row', { hasText: 'E2E-SLIP-1' });
    await depRow.getByText('待审批').waitFor();
    await depRow.getByText('短款 ¥0.50').waitFor();
    assert.equal(await depRow.getByRole('button', { name: '批准' }).count(), 0, 'the cashier does not decide her own slip');
    await page.getByTestId('deposit-closes').getByText('234.56').waitFor({ state: 'detached' });
    const before = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'cash_deposited'`);
    assert.equal(before.rows[0].n, 0, 'a slip awaiting approval is not posted');
    assert.deepEqual(errors, []);
    // the supervisor: the deposits screen without the slip form, the decision buttons on the waiting slip
    const sup = await e.newPage();
    await login(sup.page, e.base, 'supervisor');
    await sup.page.goto(`${e.base}/payments/deposits`);
    const supRow = sup.page.getByTestId('deposits').locator('tbody tr.ant-table-row', { hasText: 'E2E-SLIP-1' });
    await supRow.getByText('待审批').waitFor();
    assert.equal(await sup.page.getByTestId('deposit-submit').count(), 0, 'no slip form for an approver');
    await supRow.getByRole('button', { name: '批准' }).click();
    await sup.page.locator('.ant-modal textarea').fill('短款 0.50 元由收费员补齐');
    await submitModal(sup.page, sup.page.locator('.ant-modal .ant-btn-primary'));
    await supRow.getByText('已入账').waitFor();
    assert.deepEqual(sup.errors, []);
    await sup.ctx.close();
    const posted = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'cash_deposited'`);
    assert.equal(posted.rows[0].n, 1, 'the deposit is in the ledger');
    await shot(page, 'payments-cash-deposit');
    assert.deepEqual(errors, []);
  });

  it('approvals: a reversal request rejected with a note on the approvals screen by a second person', async () => {
    const clerk = await e.t.login('billing');
    const pay = await clerk.req('POST', '/api/payments/counter', { accountId: accounts[1], amountFen: 8_000, method: 'cash', reference: 'E2E-REV-1' });
    assert.equal(pay.statusCode, 201, pay.body);
    const asked = await clerk.req('POST', `/api/payments/${pay.json().id}/reversal-requests`, { reason: '收错户号 E2E-REV-1' });
    assert.equal(asked.statusCode, 201, asked.body);
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'supervisor');
    await page.goto(`${e.base}/payments/approvals`);
    const row = page.getByTestId('pay-requests').locator('tbody tr.ant-table-row', { hasText: '收错户号 E2E-REV-1' });
    await row.waitFor();
    await row.locator('.ant-btn-dangerous').click();
    await page.locator('.ant-modal textarea').fill('请核对户号后重新申请');
    await submitModal(page, page.locator('.ant-modal .ant-btn-primary'));
    await row.waitFor({ state: 'detached' });
    const decided = (await e.t.db.query(`SELECT status, decision_note FROM payment_requests WHERE id = $1`, [asked.json().id])).rows[0];
    assert.deepEqual([decided.status, decided.decision_note], ['rejected', '请核对户号后重新申请']);
    assert.equal(
      (await e.t.db.query(`SELECT status FROM payments WHERE id = $1`, [pay.json().id])).rows[0].status,
      'posted',
      'a rejected reversal leaves the payment',
    );
    assert.deepEqual(errors, []);
  });

  it('gateway statement: imported on the screen, the exception shown and resolved, the lost callback credited', async () => {
    const gw = await startGateway();
    Object.assign(e.t.config, {
      payGatewayUrl: gw.url,
      payGatewayMerchant: GATEWAY_MERCHANT,
      payGatewaySecret: GATEWAY_SECRET,
      payNotifyUrl: `${e.base}/api/payments/gateway/callback`,
    });
    try {
      const cashier = await e.t.login('cashier');
      const order = async (accountId: number, amountFen: number) => {
        const r = await cashier.req('POST', '/api/payments/online/orders', { accountId, amountFen });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().orderNo as string;
      };
      // the statement's day: a past day, typed into the screen's date picker
      const day = addDays(today, -3);
      const o1 = await order(accounts[0], 1_000);
      const o2 = await order(accounts[1], 2_000);
      await gw.pay(o1);
      await gw.pay(o2, { lose: true });
      for (const o of [o1, o2]) gw.orders.get(o)!.paidAt = new Date(`${day}T04:00:00.000Z`);
      gw.tweaks.extra.push(`pay,OL2099010199999999,TXE2E,,500,3,${day}T05:00:00.000Z`);
      const { page, errors } = await e.newPage();
      await login(page, e.base, 'cashier');
      await page.goto(`${e.base}/payments/gateway`);
      const picker = page.locator('[data-testid=gw-day] input, input[data-testid=gw-day]').first();
      await picker.click();
      await picker.fill(day);
      await picker.press('Enter');
      await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').filter({ visible: true }).waitFor({ state: 'hidden' });
      assert.equal(await picker.inputValue(), day);
      await page.getByTestId('gw-import').click();
      await page.getByTestId('gw-statements').locator('tbody tr.ant-table-row', { hasText: day }).waitFor();
      const ex = page.getByTestId('gw-exceptions').locator('tbody tr.ant-table-row', { hasText: 'OL2099010199999999' });
      await ex.getByText('本系统无此订单').waitFor();
      await ex.getByText(/unknown to griddesk/).waitFor();
      await shot(page, 'payments-gateway-statement');
      // its ¥5.00 in 224106 (receipts to be identified): a clearance asked for — written off to income
      await ex.getByRole('button', { name: '清理余额' }).click();
      await pickOption(page, page.getByTestId('gw-clear-action'), '核销');
      await page.getByPlaceholder('原因（付款人、网关答复）').fill('网关确认付款人无法联系');
      // the pick's dropdown closed (the confirm dialog has no visible title for submitModal to click it away)
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').filter({ visible: true }).first().waitFor({ state: 'hidden' });
      await submitModal(page, page.locator('.ant-modal .ant-btn-primary'));
      await page.getByText('已提交清理申请，待审批').waitFor();
      await ex.getByRole('button', { name: '处理' }).click();
      await page.getByPlaceholder('处理说明').fill('网关确认非本公司订单');
      await submitModal(page, page.locator('.ant-modal .ant-btn-primary'));
      await ex.waitFor({ state: 'detached' });
      const o2now = (await e.t.db.query(`SELECT status, settled_by FROM online_orders WHERE order_no = $1`, [o2])).rows[0];
      assert.deepEqual([o2now.status, o2now.settled_by], ['paid', 'query'], 'the lost callback credited by the statement');
      const settled = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'gateway_settled'`);
      assert.ok(settled.rows[0].n >= 1, 'the settlement is in the ledger');
      const resolved = (await e.t.db.query(`SELECT resolution FROM gateway_statement_lines WHERE order_no = 'OL2099010199999999'`)).rows[0];
      assert.equal(resolved.resolution, '网关确认非本公司订单');
      assert.deepEqual(errors, []);
      // the supervisor approves the clearance on the approvals screen: posted, the exception's resolution says so
      const sup = await e.newPage();
      await login(sup.page, e.base, 'supervisor');
      await sup.page.goto(`${e.base}/payments/approvals`);
      const row = sup.page.getByTestId('gw-clearances').locator('tbody tr.ant-table-row', { hasText: '网关确认付款人无法联系' });
      await row.waitFor();
      await row.getByRole('button', { name: '批准' }).click();
      await submitModal(sup.page, sup.page.locator('.ant-modal .ant-btn-primary'));
      await row.waitFor({ state: 'detached' });
      const cleared = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'gateway_difference_cleared'`);
      assert.equal(cleared.rows[0].n, 1, 'the clearance is in the ledger');
      const after = (await e.t.db.query(`SELECT resolution FROM gateway_statement_lines WHERE order_no = 'OL2099010199999999'`)).rows[0];
      assert.match(after.resolution, /^网关确认非本公司订单 \/ .*cleared \(write_off/);
      assert.deepEqual(sup.errors, []);
    } finally {
      Object.assign(e.t.config, { payGatewayUrl: undefined, payGatewaySecret: undefined, payNotifyUrl: undefined });
      await gw.close();
    }
  });
});
