/** The gateway statement's layout and reconciliation (docs/payments.md "Gateway statement"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatement, reconcileLine, STATEMENT_HEADER, totalsOf, totalsProblems } from './statement-rules.js';

const FILE = [
  STATEMENT_HEADER,
  'pay,OL2026120700000001,TX1,,10000,60,2026-12-07T02:00:00.000Z',
  'pay,OL2026120700000002,TX2,,2050,12,2026-12-07T03:00:00.000Z',
  'refund,OL2026120700000001,,RF00000009,500,0,2026-12-07T04:00:00.000Z',
  '',
].join('\r\n');

test('the documented layout parses; totals: gross − refunds − fees = net', () => {
  const p = parseStatement(FILE);
  assert.equal(p.headerOk, true);
  assert.deepEqual(p.bad, []);
  assert.equal(p.lines.length, 3);
  assert.deepEqual(totalsOf(p.lines), { grossFen: 12_050, refundFen: 500, feeFen: 72, netFen: 11_478 });
  assert.deepEqual(totalsProblems(p, { lines: 3, grossFen: 12_050, refundFen: 500, feeFen: 72, netFen: 11_478 }), []);
  assert.deepEqual(totalsProblems(p, { lines: 3, grossFen: 12_051, refundFen: 500, feeFen: 72, netFen: 11_479 }), [
    'grossFen declared 12051, lines sum to 12050',
    'netFen declared 11479, lines sum to 11478',
  ]);
});

test('bad lines are named: field count, type, order number, amounts, fee above the amount', () => {
  const p = parseStatement(
    [
      STATEMENT_HEADER,
      'pay,OL1,TX,,1,0,x',
      'pay,OL2026120700000001,TX1,,-5,0,2026-12-07',
      'pay,OL2026120700000001,TX1,,5,6,2026-12-07',
      'gift,a,b,c,d,e,f',
      'pay,too,few',
    ].join('\n'),
  );
  assert.deepEqual(
    p.bad.map((b) => [b.lineNo, b.reason]),
    [
      [2, 'malformed order number OL1'],
      [3, 'amount -5 is not a positive whole number of fen'],
      [4, 'fee 6 above the amount 5'],
      [5, 'unknown type gift'],
      [6, '7 fields expected, 3 found'],
    ],
  );
});

test('reconciliation: matched, mismatch with reasons, open order queried, unknown order, refunds', () => {
  const [pay1, , refund] = parseStatement(FILE).lines;
  const paid = { orderNo: pay1.orderNo, status: 'paid', amountFen: 10_000, gatewayTxnId: 'TX1', paymentId: 3 };
  assert.deepEqual(reconcileLine(pay1, paid, undefined), { outcome: 'matched', reasons: [] });
  const other = reconcileLine(pay1, { ...paid, amountFen: 9_000, gatewayTxnId: 'TX9' }, undefined);
  assert.equal(other.outcome, 'mismatch');
  assert.equal(other.reasons.length, 2);
  assert.match(other.reasons[0], /statement 10000, order 9000 fen/);
  assert.equal(reconcileLine(pay1, { ...paid, status: 'created', gatewayTxnId: null, paymentId: null }, undefined).outcome, 'needs_query');
  assert.equal(reconcileLine(pay1, { ...paid, status: 'created', amountFen: 1, gatewayTxnId: null, paymentId: null }, undefined).outcome, 'mismatch');
  assert.equal(reconcileLine(pay1, undefined, undefined).outcome, 'unknown_order');
  assert.equal(reconcileLine(refund, undefined, { refundNo: 'RF00000009', amountFen: 500, status: 'approved' }).outcome, 'matched');
  assert.equal(reconcileLine(refund, undefined, { refundNo: 'RF00000009', amountFen: 400, status: 'approved' }).outcome, 'unmatched_refund');
  assert.equal(reconcileLine(refund, undefined, undefined).outcome, 'unmatched_refund');
});
