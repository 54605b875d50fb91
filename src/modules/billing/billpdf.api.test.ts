import { test } from 'node:test';
import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { seedBillingActivity } from '../../seed/billing-activity.js';
import { principalOf } from '../../../test/support/principals.js';
import { parsePdf } from '../../../test/support/pdf.js';

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

test('bill PDFs: staff in their org scope, the customer their own released bills, a run print file of every bill', async () => {
  const t = await testApp({ customers: 40 });
  const act = await seedBillingActivity(t.db, await principalOf(t.db, 'billing'), await principalOf(t.db, 'supervisor'), 7);
  const billing = await t.login('billing');
  const bills = (await billing.req('GET', `/api/billing/runs/${act.releasedRunId}/bills?limit=200`)).json().items as {
    id: number;
    accountId: number;
    dueDate: string | null;
    releasedAt: string;
  }[];
  assert.ok(bills.length >= 10);
  // a released bill is due on its release day (China Standard Time) + billing_settings.payment_days (15)
  const days = Number((await t.db.query(`SELECT payment_days FROM billing_settings`)).rows[0].payment_days);
  const releasedOn = new Date(Date.parse(bills[0].releasedAt) + 8 * 3_600_000);
  releasedOn.setUTCDate(releasedOn.getUTCDate() + days);
  assert.equal(bills[0].dueDate, releasedOn.toISOString().slice(0, 10));

  const res = await billing.req('GET', `/api/billing/bills/${bills[0].id}/pdf`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.match(String(res.headers['content-disposition']), /^inline; filename="bill-\d{4}-\d{2}-\d+\.pdf"$/);
  assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(res.rawPayload.toString('latin1'), /\/ToUnicode/);
  assert.ok(res.rawPayload.length < 60_000, `one bill with the font subset: ${res.rawPayload.length} bytes`);
  // parsed back: the text a viewer finds (through the ToUnicode map) has every stored amount, the total and the addressee
  const parsed = parsePdf(res.rawPayload);
  assert.equal(parsed.pages.length, 1);
  const shown = parsed.pages[0].texts;
  const stored = (
    await t.db.query(
      `SELECT l.amount_fen, l.label_zh, b.total_fen, c.name, a.account_no FROM bill_lines l JOIN bills b ON b.account_id = l.account_id AND b.id = l.bill_id
         JOIN customer_accounts a ON a.id = b.account_id JOIN customers c ON c.id = a.customer_id WHERE b.id = $1 ORDER BY l.line_no`,
      [bills[0].id],
    )
  ).rows;
  const yuanOf = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
  assert.ok(stored.length >= 1);
  let from = 0;
  for (const l of stored) {
    const row = shown.indexOf(l.label_zh, from);
    from = row + 1;
    assert.ok(row >= 0, `line ${l.label_zh} printed`);
    assert.ok(shown.slice(row, row + 5).includes(yuanOf(Number(l.amount_fen))), `${l.label_zh}: ${yuanOf(Number(l.amount_fen))} printed on its row`);
  }
  assert.ok(shown.includes(`本期电费合计：¥${yuanOf(Number(stored[0].total_fen))}`));
  assert.ok(shown.includes(`户名：${stored[0].name}`) && shown.includes(`户号：${stored[0].account_no}`));
  assert.ok(shown.some((x) => x.startsWith(`账单号 ${bills[0].id}    缴费编号 ${stored[0].account_no}-${bills[0].id}-`)));
  // the pay QR code: its modules drawn as runs in grid units, its caption
  assert.ok(shown.includes('扫码缴费'));
  assert.match(parsed.pages[0].content, /^q [\d.]+ 0 0 -[\d.]+ [\d.]+ [\d.]+ cm\n(\d+ \d+ \d+ 1 re\n)+f Q$/m);
  assert.equal((await billing.req('GET', `/api/billing/bills/999999999/pdf`)).statusCode, 404);

  // a clerk of one supply station sees the station's bills only; another station's bill answers 404
  await t.db.query(
    `INSERT INTO users (username, display_name, role, org_unit_id, password_hash)
     SELECT 'hx_billing', '抄核收（河西）', 'billing_clerk', (SELECT id FROM org_units WHERE code = 'SF-QH-HX'), password_hash FROM users WHERE username = 'billing'`,
  );
  const hx = await t.login('hx_billing');
  const hxPath = (await t.db.query(`SELECT path FROM org_units WHERE code = 'SF-QH-HX'`)).rows[0].path as string;
  const paths = new Map(
    (await t.db.query(`SELECT id, org_path FROM bills WHERE run_id = $1`, [act.releasedRunId])).rows.map((r) => [Number(r.id), r.org_path as string]),
  );
  const inside = bills.find((b) => paths.get(b.id)!.startsWith(hxPath));
  const outside = bills.find((b) => !paths.get(b.id)!.startsWith(hxPath));
  assert.ok(inside && outside);
  assert.equal((await hx.req('GET', `/api/billing/bills/${inside.id}/pdf`)).statusCode, 200);
  assert.equal((await hx.req('GET', `/api/billing/bills/${outside.id}/pdf`)).statusCode, 404);
  assert.equal((await hx.req('GET', `/api/billing/runs/${act.releasedRunId}/print.pdf`)).statusCode, 404, 'the run belongs to the county');

  // the portal: the customer's own released bill; another customer's bill and a draft answer 404; staff routes 403
  const portal = await t.login('customer1');
  const mine = (await portal.req('GET', '/api/portal/bills')).json() as { id: number; accountId: number }[];
  assert.ok(mine.length >= 1);
  const own = await portal.req('GET', `/api/portal/bills/${mine[0].id}/pdf`);
  assert.equal(own.statusCode, 200, own.body);
  assert.equal(own.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  const other = bills.find((b) => !mine.some((m) => m.accountId === b.accountId))!;
  assert.equal((await portal.req('GET', `/api/portal/bills/${other.id}/pdf`)).statusCode, 404);
  const draft = (await t.db.query(`SELECT b.id FROM bills b WHERE b.run_id = $1 AND b.account_id = $2`, [act.reviewRunId, mine[0].accountId])).rows[0];
  if (draft) assert.equal((await portal.req('GET', `/api/portal/bills/${draft.id}/pdf`)).statusCode, 404);
  assert.equal((await portal.req('GET', `/api/billing/bills/${mine[0].id}/pdf`)).statusCode, 403);

  // the run's print file: every bill of the run, each from a new page
  const print = await billing.req('GET', `/api/billing/runs/${act.releasedRunId}/print.pdf`);
  assert.equal(print.statusCode, 200);
  assert.equal(print.headers['content-type'], 'application/pdf');
  assert.match(String(print.headers['content-disposition']), /^attachment; filename="bills-\d{4}-\d{2}-run\d+\.pdf"$/);
  const total = Number((await t.db.query(`SELECT count(*) FROM bills WHERE run_id = $1`, [act.releasedRunId])).rows[0].count);
  const pages = pageCount(print.rawPayload);
  assert.ok(pages >= total, `${pages} pages for ${total} bills`);
  const printed = parsePdf(print.rawPayload);
  assert.equal(printed.pages.length, pages);
  for (const b of bills)
    assert.ok(
      printed.pages.some((pg) => pg.texts.some((x) => x.startsWith(`账单号 ${b.id} `))),
      `bill ${b.id} in the print file`,
    );
  assert.ok(print.rawPayload.length < total * 60_000, `one font subset for the whole file: ${print.rawPayload.length} bytes`);

  // the run in Excel: a row per bill and per line; the summary by class and by tariff ties to the run total to the fen
  const xlsx = await billing.req('GET', `/api/billing/runs/${act.releasedRunId}/bills.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(String(xlsx.headers['content-disposition']), /^attachment; filename="bill-run-\d{4}-\d{2}-\d+\.xlsx"$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['汇总 Summary', '账单 Bills', '明细 Lines'],
  );
  const runFen = Number((await t.db.query(`SELECT sum(total_fen) AS s FROM bills WHERE run_id = $1`, [act.releasedRunId])).rows[0].s);
  const lineCount = Number(
    (
      await t.db.query(`SELECT count(*) FROM bill_lines l JOIN bills b ON b.account_id = l.account_id AND b.id = l.bill_id WHERE b.run_id = $1`, [
        act.releasedRunId,
      ])
    ).rows[0].count,
  );
  const sheetRows = (name: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
    return out;
  };
  const summary = sheetRows('汇总 Summary');
  const totals = summary.filter((r) => r[0] === '合计 Total');
  assert.equal(totals.length, 2, 'by class and by tariff');
  for (const tr of totals) assert.equal(tr[6], runFen);
  const header2 = summary.findIndex((r) => r[1] === '电价版本 Tariff');
  const byTariff = summary.slice(header2 + 1, summary.length - 1);
  assert.equal(
    byTariff.reduce((s, r) => s + Number(r[6]), 0),
    runFen,
  );
  assert.ok(byTariff.some((r) => String(r[2]).startsWith('电度电费')));
  const billRows = sheetRows('账单 Bills');
  assert.equal(billRows.length, 1 + total + 1, 'header, bills, total');
  assert.equal(billRows[billRows.length - 1][8], runFen);
  assert.equal(sheetRows('明细 Lines').length, 1 + lineCount);
  assert.equal((await hx.req('GET', `/api/billing/runs/${act.releasedRunId}/bills.xlsx`)).statusCode, 404);
});
