/** The stop-supply notice's rules (docs/collection.md "Stop-supply notice"): content, stop day, SMS text and its quiet hours. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateFee } from './late-fee-rules.js';
import { LATE_FEE_1996, NOTICE_POLICY } from './policy-data.js';
import { noticeDocument, noticeNo, noticePayBy, noticeSms, noticeSmsSendAfter, noticeStopFrom, yuanText } from './notice-rules.js';
import type { BillDebt } from './schemas.js';

/** collection.md's worked example: ¥1,000 commercial bill due 31 May, ¥400 paid 10 June, counted to 20 June → ¥32.00 fee. */
function workedExample(): BillDebt {
  const fee = lateFee(
    { billId: '7', customerClass: 'commercial_industrial', dueDate: '2026-05-31', principalFen: 100_000 },
    [{ date: '2026-06-10', principalFen: 40_000 }],
    '2026-06-20',
    LATE_FEE_1996,
  );
  return {
    billId: 7,
    cycle: '2026-05',
    dueDate: '2026-05-31',
    totalFen: 100_000,
    principalOwedFen: 60_000,
    overdueDays: 20,
    lateFee: fee,
    waivedFen: 0,
    feeDueFen: fee.dueNowFen,
  };
}

const facts = (debts: BillDebt[]) => ({
  noticeNo: noticeNo('2026-06-20', 42),
  issuedOn: '2026-06-20',
  companyName: '示例供电公司',
  unitName: '城关供电所',
  customerName: '张三',
  accountNo: '3300000001',
  address: '城关镇1号',
  noticeDays: 7,
  debts,
});

test('the notice states the worked example: ¥600.00 principal, ¥32.00 late fee with its two lines, ¥632.00 in all', () => {
  const d = noticeDocument(facts([workedExample()]), NOTICE_POLICY);
  assert.equal(d.noticeNo, 'TZ2026062000000042');
  assert.equal(d.bills.length, 1);
  assert.equal(d.bills[0].principalOwedFen, 60_000);
  assert.equal(d.bills[0].lateFeeFen, 3_200);
  assert.deepEqual(d.bills[0].lateFeeLines, ['2026-06-01–2026-06-10 10天 × 0.002 × ¥1000.00', '2026-06-11–2026-06-20 10天 × 0.002 × ¥600.00']);
  assert.equal(d.principalFen, 60_000);
  assert.equal(d.lateFeeFen, 3_200);
  assert.equal(d.totalFen, 63_200);
  assert.equal(yuanText(d.totalFen), '632.00');
  assert.deepEqual(d.legalBasis, NOTICE_POLICY.legalBasis);
  assert.deepEqual(d.payWays, NOTICE_POLICY.payWays);
});

test('a bill owing nothing is left out; a waived fee is not demanded; totals are whole-fen sums', () => {
  const paid = { ...workedExample(), billId: 8, principalOwedFen: 0, feeDueFen: 0 };
  const waived = { ...workedExample(), billId: 9, waivedFen: 3_200, feeDueFen: 0 };
  const d = noticeDocument(facts([paid, waived]), NOTICE_POLICY);
  assert.deepEqual(
    d.bills.map((b) => [b.billId, b.principalOwedFen, b.lateFeeFen]),
    [[9, 60_000, 0]],
  );
  assert.equal(d.totalFen, 60_000);
});

test('stop day = serving day + 7 (the serving day not counted); pay by the day before', () => {
  assert.equal(noticeStopFrom('2026-06-20', 7), '2026-06-27');
  assert.equal(noticeStopFrom('2026-12-28', 7), '2027-01-04');
  assert.equal(noticePayBy('2026-06-27'), '2026-06-26');
  assert.equal(yuanText(5), '0.05');
  assert.equal(yuanText(-120), '-1.20');
});

test('the SMS names the account, the total with the fee, the pay-by and stop days and the hotline', () => {
  const d = noticeDocument(facts([workedExample()]), NOTICE_POLICY);
  const sms = noticeSms(d, '2026-06-27');
  for (const part of ['3300000001', '632.00', '32.00', '2026-06-26', '2026-06-27', 'TZ2026062000000042', '95598']) assert.ok(sms.includes(part), part);
});

test('quiet hours: an SMS created at 22:30 Beijing waits until 08:00; at 10:00 it goes at once; the customer window wins', () => {
  const at2230 = new Date('2026-06-20T14:30:00Z'); // 22:30 Beijing
  assert.equal(noticeSmsSendAfter(at2230, NOTICE_POLICY, null).toISOString(), '2026-06-21T00:00:00.000Z');
  const at1000 = new Date('2026-06-20T02:00:00Z');
  assert.equal(noticeSmsSendAfter(at1000, NOTICE_POLICY, null).toISOString(), at1000.toISOString());
  assert.equal(noticeSmsSendAfter(at1000, NOTICE_POLICY, { start: '09:00', end: '12:00' }).toISOString(), '2026-06-20T04:00:00.000Z');
});
