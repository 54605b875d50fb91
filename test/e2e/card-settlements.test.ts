/**
 * Browser: the card acquirer's settlement file (docs/payments.md "Card acquirer settlement"). Two card takings at the
 * counter; the cashier opens the card settlement screen, picks the DEMO-ACQ layout and uploads the acquirer's file:
 * one taking settled, one line ¥1.00 above our taking quarantined with its reason; the same file again says it was
 * imported before; the settlement entry is in the ledger once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { principalOf } from '../support/principals.js';
import { login, pickOption, shot, startE2E } from './browser.js';
import { seedBillingActivity } from '../../src/seed/billing-activity.js';
import { registerLedgerUnit, todayBeijing } from '../../src/modules/ledger/index.js';

const e = await startE2E({ customers: 40 });
const county = (await e.t.db.query(`SELECT id, code, name, path FROM org_units WHERE code = 'SF-QH'`)).rows[0];
await registerLedgerUnit(e.t.db, { orgUnitId: Number(county.id), orgPath: county.path, code: county.code, name: county.name });
const demo = await seedBillingActivity(e.t.db, await principalOf(e.t.db, 'billing'), await principalOf(e.t.db, 'supervisor'), 9);
const accounts = (
  await e.t.db.query(`SELECT DISTINCT account_id FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 5000 ORDER BY account_id LIMIT 2`, [
    demo.releasedRunId,
  ])
).rows.map((r) => Number(r.account_id));
const today = todayBeijing();
const HEADER = 'settleDate,merchantNo,terminalId,batchNo,traceNo,reference,txnTime,amountFen,feeFen,netFen';

describe('web console: card settlement file', () => {
  it('the acquirer file imported on the screen: a taking settled, a mismatch quarantined, the same file again replayed', async () => {
    const cashier = await e.t.login('cashier');
    for (const [i, ref] of ['RRNE2E000001', 'RRNE2E000002'].entries()) {
      const r = await cashier.req('POST', '/api/payments/counter', { accountId: accounts[i], amountFen: 4_000, method: 'card', reference: ref });
      assert.equal(r.statusCode, 201, r.body);
    }
    const file = {
      name: 'acq-settle.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          HEADER,
          `${today},898110048990001,T0000017,000201,000001,RRNE2E000001,${today}T09:00:00+08:00,4000,22,3978`,
          `${today},898110048990001,T0000017,000201,000002,RRNE2E000002,${today}T09:05:00+08:00,4100,23,4077`,
          '',
        ].join('\r\n'),
      ),
    };
    const { page, errors } = await e.newPage();
    await login(page, e.base, 'cashier');
    await page.goto(`${e.base}/payments/card-settlements`);
    await pickOption(page, page.getByTestId('card-acquirer'), /DEMO-ACQ/);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('card-result').getByText('结算刷卡 1 笔').waitFor();
    await page.getByTestId('card-imports').locator('tbody tr.ant-table-row', { hasText: '39.78' }).waitFor();
    const q = page.getByTestId('card-quarantine').locator('tbody tr.ant-table-row', { hasText: 'RRNE2E000002' });
    await q.getByText('金额不符').waitFor();
    await shot(page, 'card-settlement-imported');
    // the same file again: imported before, nothing new
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('card-result').getByText('该文件已导入过').waitFor();
    assert.equal(await page.getByTestId('card-imports').locator('tbody tr.ant-table-row').count(), 1);
    const entries = await e.t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'card_settlement'`);
    assert.equal(entries.rows[0].n, 1);
    assert.deepEqual(errors, []);
  });
});
