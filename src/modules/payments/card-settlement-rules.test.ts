/**
 * The card acquirer's settlement file (docs/payments.md "Card acquirer settlement"): the published DEMO-ACQ layout
 * parsed by the bank files' parser, every line outcome, and the postings per ledger unit and settle day.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile, type BankLayout } from './bank-file-rules.js';
import { cardPostings, matchCardLines, type CardTaking } from './card-settlement-rules.js';

// the layout as published in docs/payments.md and seeded by migration 653 (DEMO-ACQ)
const FIELDS = ['settleDate', 'merchantNo', 'terminalId', 'batchNo', 'traceNo', 'reference', 'txnTime', 'amountFen', 'feeFen', 'netFen'].map((name) => ({
  name,
}));
const LAYOUT: BankLayout = {
  bankCode: 'DEMO-ACQ',
  format: 'csv',
  encoding: 'utf-8',
  delimiter: ',',
  header: true,
  debitFields: [],
  resultFields: FIELDS,
  successCode: '',
};
const HEADER = FIELDS.map((f) => f.name).join(',');

const taking = (paymentId: number, reference: string, amountFen: number, over: Partial<CardTaking> = {}): CardTaking => ({
  paymentId,
  reference,
  amountFen,
  status: 'posted',
  paidOn: '2026-12-07',
  ledgerUnitId: 5,
  orgPath: '/1/5/',
  ...over,
});

test('the documented example: ¥200.00 taken by card, fee ¥1.10, ¥198.90 to the bank', () => {
  const file = Buffer.from(
    [HEADER, '2026-12-08,898110048990001,T0000017,000123,004512,RRN000004512,2026-12-07T10:15:00+08:00,20000,110,19890', ''].join('\r\n'),
    'utf8',
  );
  const parsed = parseFile(LAYOUT, FIELDS, file);
  assert.deepEqual(parsed.problems, []);
  const r = matchCardLines(parsed.lines, new Map([['RRN000004512', taking(41, 'RRN000004512', 20_000)]]), new Set(), '2026-12-08');
  assert.equal(r[0].outcome, 'settled');
  assert.equal(r[0].terminalId, 'T0000017');
  assert.equal(r[0].batchNo, '000123');
  assert.equal(r[0].traceNo, '004512');
  assert.deepEqual(cardPostings(r), { postings: [{ unit: 5, settleDate: '2026-12-08', bank: 19_890, fee: 110, gross: 20_000 }], unpostedFen: 0 });
});

test('every quarantine reason, and a line repeated in one file settles once', () => {
  const lines = [
    'x,y', // field count
    '2026-12-08,M,T1,B1,1,R-OK,t,5000,30,4970',
    '2026-12-08,M,T1,B1,2,R-OK,t,5000,30,4970', // the same taking again in this file
    '2026-12-08,M,T1,B1,3,R-NONE,t,5000,30,4970',
    '2026-12-08,M,T1,B1,4,R-REV,t,5000,30,4970',
    '2026-12-08,M,T1,B1,5,R-AMT,t,5100,30,5070',
    '2026-12-08,M,T1,B1,6,R-OLD,t,5000,30,4970',
    '2026-12-08,M,T1,B1,7,R-OK2,t,5000,30,4971', // net ≠ amount − fee
    '2026-12-08,M,T1,B1,8,R-OK2,t,5000,5001,0', // fee above the amount
    '2026-13-01,M,T1,B1,9,R-OK2,t,5000,30,4970', // not a date
    '2026-12-09,M,T1,B1,10,R-OK2,t,5000,30,4970', // after today
    '2026-12-06,M,T1,B1,11,R-OK2,t,5000,30,4970', // before the taking's day
    '2026-12-08,M,T1,B1,12,R-OK2,t,0,0,0', // zero amount
  ];
  const parsed = parseFile(LAYOUT, FIELDS, Buffer.from([HEADER, ...lines].join('\n'), 'utf8'));
  assert.deepEqual(
    parsed.problems.map((p) => p.lineNo),
    [2],
  );
  const takings = new Map([
    ['R-OK', taking(1, 'R-OK', 5000)],
    ['R-REV', taking(2, 'R-REV', 5000, { status: 'reversed' })],
    ['R-AMT', taking(3, 'R-AMT', 5000)],
    ['R-OLD', taking(4, 'R-OLD', 5000)],
    ['R-OK2', taking(5, 'R-OK2', 5000)],
  ]);
  const r = matchCardLines(parsed.lines, takings, new Set([4]), '2026-12-08');
  assert.deepEqual(
    r.map((x) => [x.lineNo, x.outcome]),
    [
      [3, 'settled'],
      [4, 'already_settled'],
      [5, 'unknown_payment'],
      [6, 'payment_reversed'],
      [7, 'amount_mismatch'],
      [8, 'already_settled'],
      [9, 'bad_line'],
      [10, 'bad_line'],
      [11, 'bad_line'],
      [12, 'bad_line'],
      [13, 'bad_line'],
      [14, 'bad_line'],
    ],
  );
  assert.equal(r[4].detail, 'the card taking R-AMT is 5000 fen, the file says 5100');
  assert.match(r[6].detail!, /4971/);
  // only the settled line is posted
  assert.deepEqual(cardPostings(r).postings, [{ unit: 5, settleDate: '2026-12-08', bank: 4970, fee: 30, gross: 5000 }]);
});

test('postings per ledger unit and settle day; a unit without books is counted, not posted; each posting balances', () => {
  const t = new Map([
    ['A', taking(1, 'A', 10_000)],
    ['B', taking(2, 'B', 7_000)],
    ['C', taking(3, 'C', 3_000, { ledgerUnitId: 9 })],
    ['D', taking(4, 'D', 2_000, { ledgerUnitId: null })],
    ['E', taking(5, 'E', 1_000)],
  ]);
  const csv = [
    HEADER,
    '2026-12-08,M,T,B,1,A,t,10000,55,9945',
    '2026-12-08,M,T,B,2,B,t,7000,39,6961',
    '2026-12-08,M,T,B,3,C,t,3000,17,2983',
    '2026-12-08,M,T,B,4,D,t,2000,11,1989',
    '2026-12-07,M,T,B,5,E,t,1000,6,994',
  ].join('\n');
  const r = matchCardLines(parseFile(LAYOUT, FIELDS, Buffer.from(csv)).lines, t, new Set(), '2026-12-08');
  const { postings, unpostedFen } = cardPostings(r);
  assert.deepEqual(postings, [
    { unit: 5, settleDate: '2026-12-07', bank: 994, fee: 6, gross: 1000 },
    { unit: 5, settleDate: '2026-12-08', bank: 16_906, fee: 94, gross: 17_000 },
    { unit: 9, settleDate: '2026-12-08', bank: 2983, fee: 17, gross: 3000 },
  ]);
  assert.equal(unpostedFen, 1989);
  for (const p of postings) assert.equal(p.bank + p.fee, p.gross);
});
