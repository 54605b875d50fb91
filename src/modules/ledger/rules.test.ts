/** Pure ledger rules: the code rule, posting by rules, entry balance, roll-up. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBalanced, checkNewAccount, levelOf, linesForEvent, parentCode, periodBounds, periodOf, rollUp } from './rules.js';
import type { PostingRule } from './schemas.js';

const RULE = { segmentLengths: [4, 2, 2, 2, 2, 2], groupLevels: 3, source: 'test' };

test('code rule 4-2-2-2-2-2: levels, parents, who may add what', () => {
  assert.deepEqual(
    ['1122', '112201', '11220101', '1122010101', '112201010101', '11220101010101', '112', '11220', '112201010101010'].map((c) => levelOf(c, RULE)),
    [1, 2, 3, 4, 5, 6, null, null, null],
  );
  assert.equal(parentCode('11220101', RULE), '112201');
  assert.equal(parentCode('1122', RULE), null);
  assert.throws(() => checkNewAccount('11220104', true, RULE), /group/);
  assert.throws(() => checkNewAccount('1122010101', false, RULE), /unit/);
  assert.deepEqual(checkNewAccount('1122010101', true, RULE), { level: 4, parentCode: '11220101' });
  assert.deepEqual(checkNewAccount('112299', false, { ...RULE, segmentLengths: [4, 2, 2] }), { level: 2, parentCode: '1122' });
});

test('an entry must balance, have two lines and one side per line; the message names the entry', () => {
  const l = (d: number, c: number) => ({ accountCode: '1001', debitFen: d, creditFen: c, counterOrgUnitId: null, memo: null });
  assert.doesNotThrow(() => checkBalanced('x:1', [l(5, 0), l(0, 5)]));
  assert.throws(
    () => checkBalanced('x:1', [l(5, 0), l(0, 4)]),
    (e: { details: { messageEn: string }[] }) => e.details[0].messageEn === 'entry x:1 does not balance: debits 5 fen, credits 4 fen',
  );
  assert.throws(() => checkBalanced('x:1', [l(0, 0), l(0, 0)]), /one of debit or credit|exactly one/i);
  assert.throws(() => checkBalanced('x:1', [l(5, 5), l(0, 0)]));
  assert.throws(() => checkBalanced('x:1', [l(1.5, 0), l(0, 1.5)]));
  assert.throws(() => checkBalanced('x:1', [l(5, 0)]));
});

const rules: PostingRule[] = [
  { eventType: 'bill_released', seq: 1, customerClass: 'residential', side: 'debit', amountKey: 'total', accountCode: 'R1', source: '' },
  { eventType: 'bill_released', seq: 1, customerClass: null, side: 'debit', amountKey: 'total', accountCode: 'R9', source: '' },
  { eventType: 'bill_released', seq: 2, customerClass: null, side: 'credit', amountKey: 'energy', accountCode: 'S', source: '' },
  { eventType: 'bill_released', seq: 3, customerClass: null, side: 'credit', amountKey: 'funds', accountCode: 'F', source: '' },
];

test('postings come from the rules: class row first, else the class-less row; zero components post no line', () => {
  const ev = { type: 'bill_released' as const, id: 'B', orgUnitId: 1, date: '2026-01-02', customerClass: 'residential', amounts: { energy: 900, funds: 100 } };
  assert.deepEqual(
    linesForEvent(ev, rules).map((l) => [l.accountCode, l.debitFen, l.creditFen]),
    [
      ['R1', 1000, 0],
      ['S', 0, 900],
      ['F', 0, 100],
    ],
  );
  assert.deepEqual(
    linesForEvent({ ...ev, customerClass: 'agricultural', amounts: { energy: 900, funds: 0 } }, rules).map((l) => l.accountCode),
    ['R9', 'S'],
  );
  assert.throws(() => linesForEvent({ ...ev, type: 'refund' }, rules), /no posting rule/);
  assert.throws(() => linesForEvent({ ...ev, amounts: { energy: 0, funds: 0 } }, rules), /no amount/);
  // a rule set that does not balance is refused, naming the event
  assert.throws(
    () =>
      linesForEvent(
        ev,
        rules.filter((r) => r.seq !== 3),
      ),
    /amount funds has no posting rule/,
  );
  assert.throws(
    () =>
      linesForEvent(ev, [
        ...rules,
        { eventType: 'bill_released', seq: 4, customerClass: null, side: 'credit', amountKey: 'funds', accountCode: 'X', source: '' },
      ]),
    /bill_released:B does not balance/,
  );
});

test('roll-up: an account row holds itself and everything below it; totals over level 1 balance', () => {
  const accts = [
    { id: 1, code: '1122', name: 'AR', nameEn: null, level: 1, parentId: null, normalSide: 'debit' as const },
    { id: 2, code: '112201', name: 'AR e', nameEn: null, level: 2, parentId: 1, normalSide: 'debit' as const },
    { id: 3, code: '6001', name: 'Rev', nameEn: null, level: 1, parentId: null, normalSide: 'credit' as const },
  ];
  const r = rollUp(accts, [
    { accountId: 2, openingFen: 50, debitFen: 100, creditFen: 0 },
    { accountId: 1, openingFen: 0, debitFen: 10, creditFen: 0 },
    { accountId: 3, openingFen: -50, debitFen: 0, creditFen: 110 },
  ]);
  assert.deepEqual(
    r.rows.map((x) => [x.code, x.openingFen, x.debitFen, x.creditFen, x.closingFen]),
    [
      ['1122', 50, 110, 0, 160],
      ['112201', 50, 100, 0, 150],
      ['6001', -50, 0, 110, -160],
    ],
  );
  assert.deepEqual(r.totals, { openingFen: 0, debitFen: 110, creditFen: 110, closingFen: 0, balanced: true });
});

test('periods', () => {
  assert.equal(periodOf('2026-12-31'), 202612);
  assert.deepEqual(periodBounds(202602), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(periodBounds(202402), { from: '2024-02-01', to: '2024-02-29' });
});
