import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billDocument, billReads, fenInWords, payReference, type BillForDocument } from './bill-document-rules.js';

test('amounts in capital figures (大写金额), by integer fen', () => {
  const cases: [number, string][] = [
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角整'],
    [19410, '壹佰玖拾肆元壹角整'],
    [10005, '壹佰元零伍分'],
    [1050, '壹拾元零伍角整'],
    [100000100, '壹佰万零壹元整'],
    [1000100, '壹万零壹元整'],
    [100000000000, '壹拾亿元整'],
    [1000000100, '壹仟万零壹元整'],
    [10000000100, '壹亿零壹元整'],
    [123456789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [-4255, '负肆拾贰元伍角伍分'],
    [10101, '壹佰零壹元零壹分'],
  ];
  for (const [fen, words] of cases) assert.equal(fenInWords(fen), words, `${fen} fen`);
  assert.throws(() => fenInWords(1.5), /integer/);
});

test('the pay reference carries a Luhn check digit over account number and bill id', () => {
  assert.equal(payReference('3700000001', 12345), '3700000001-12345-1');
  // the check digit catches any single mistyped digit
  const ok = payReference('3700000001', 12345);
  for (let i = 0; i < 10; i++) {
    const typo = `37000000${i}1`;
    if (typo === '3700000001') continue;
    assert.notEqual(payReference(typo, 12345).slice(-1), ok.slice(-1), typo);
  }
});

test('meter reads from the stored register sources: previous, current, multiplier, rollover, usage, new meter', () => {
  const reads = billReads([
    { register: 'kwh_total', quantity: '6000', reading: '3701:kwh_total:1000@2026-10-25T08:00→1150@2026-11-25T08:00 ×40' },
    { register: 'kwh_peak', quantity: '120', reading: '3701:kwh_peak:999950@2026-10-25T08:00→70@2026-11-25T08:00 (rollover)' },
    { register: 'kwh_valley', quantity: '310.5', reading: '3701:kwh_valley:usage@2026-11-30T23:45' },
    { register: 'kvarh', quantity: '12', reading: '3702:kvarh:new-meter→12@2026-11-10T09:00; 3703:kvarh:5@2026-10-25T08:00→9@2026-11-25T08:00' },
  ]);
  assert.deepEqual(reads, [
    { meterNo: '3701', registerZh: '有功总', previous: '1000', current: '1150', multiplier: '40', quantity: '6000' },
    { meterNo: '3701', registerZh: '高峰', previous: '999950', current: '70', multiplier: '1', quantity: '120' },
    { meterNo: '3701', registerZh: '低谷', previous: '—', current: '计量值', multiplier: '1', quantity: '310.5' },
    { meterNo: '3702', registerZh: '无功', previous: '新表', current: '12', multiplier: '1', quantity: '12' },
    { meterNo: '3703', registerZh: '无功', previous: '5', current: '9', multiplier: '1', quantity: '' },
  ]);
});

const bill = (over: Partial<BillForDocument> = {}): BillForDocument => ({
  id: 88,
  accountId: 5,
  cycle: '2026-11',
  kind: 'normal',
  status: 'released',
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  kwh: '0.5',
  totalFen: 42,
  dueDate: '2026-12-22',
  releasedAt: '2026-12-07T10:00:00.000Z',
  reason: null,
  replacesBillId: null,
  inputs: { sources: [{ register: 'kwh_total', quantity: '1', reading: '9:kwh_total:1@2026-10-25T08:00→2@2026-11-25T08:00' }] },
  lines: [
    { code: 'energy_peak', labelZh: '电度电费 高峰', quantity: '0.5', unit: 'kWh', price: '0.568', amountFen: 28, tariffCode: 'ZJ-RES-TOU' },
    { code: 'energy_valley', labelZh: '电度电费 低谷', quantity: '0.5', unit: 'kWh', price: '0.288', amountFen: 14, tariffCode: 'ZJ-RES-TOU' },
  ],
  ...over,
});
const to = { accountNo: '3700000005', customerName: '张三', address: '城关路 1 号' };
const settings = { companyName: '示范省电力有限公司', unitName: '城关供电所', hotline: '95598', lateFeeNoticeZh: '逾期按日加收违约金。' };

test('the printed bill: every stored line, total = sum of the printed lines, due date and late-fee notice', () => {
  const d = billDocument(bill(), to, settings);
  assert.deepEqual(
    d.lines.map((l) => [l.labelZh, l.quantity, l.price, l.amount]),
    [
      ['电度电费 高峰', '0.5 kWh', '0.568', '0.28'],
      ['电度电费 低谷', '0.5 kWh', '0.288', '0.14'],
    ],
  );
  // 28 + 14 = 42 fen printed, although the exact 42.8 would round to 43 (docs/billing.md, Money and rounding)
  assert.equal(d.total, '0.42');
  assert.equal(d.totalInWords, '肆角贰分');
  assert.equal(d.payRef, payReference('3700000005', 88));
  assert.ok(d.fields.some(([k, v]) => k === '缴费期限' && v === '2026-12-22'));
  assert.ok(d.fields.some(([k, v]) => k === '发行日期' && v === '2026-12-07'));
  assert.ok(d.notices[0].startsWith('请于 2026-12-22 前缴清电费。逾期按日加收违约金。'));
  assert.equal(d.reads[0].current, '2');
  // the pay QR code: the reference alone without a pay link, the link with the reference once set
  assert.equal(d.payText, d.payRef);
  assert.equal(billDocument(bill(), to, { ...settings, payLink: 'https://pay.example.cn/p/{payRef}' }).payText, `https://pay.example.cn/p/${d.payRef}`);
  assert.equal(billDocument(bill({ status: 'draft' }), to, settings).payText, null);
  // a stored total that is not the sum of the stored lines is never printed
  assert.throws(() => billDocument(bill({ totalFen: 43 }), to, settings), /not the sum of its lines/);
  // the power factor line prints its percentage
  const pf = billDocument(
    bill({
      totalFen: 4797,
      lines: [{ code: 'pf_adjustment', labelZh: '功率因数调整电费', quantity: '0.80', unit: 'cos φ', price: '5', amountFen: 4797, tariffCode: 'X' }],
    }),
    to,
    settings,
  );
  assert.deepEqual([pf.lines[0].quantity, pf.lines[0].price, pf.lines[0].amount], ['0.80 cos φ', '5%', '47.97']);
});

test('a reversal and a draft say what they are', () => {
  const rev = billDocument(
    bill({ kind: 'reversal', totalFen: -42, reason: '抄表差错', replacesBillId: 7, lines: bill().lines.map((l) => ({ ...l, amountFen: -l.amountFen })) }),
    to,
    settings,
  );
  assert.equal(rev.kindZh, '冲红账单');
  assert.equal(rev.total, '-0.42');
  assert.match(rev.notices[0], /退补原因：抄表差错（原账单 7）/);
  const draft = billDocument(bill({ status: 'draft', dueDate: null, releasedAt: null }), to, settings);
  assert.ok(draft.notices.includes('本账单尚未发行，仅供审核。'));
  assert.ok(!draft.notices.some((n) => n.includes('缴清')));
});

test('split settlement on paper: an interim bill explains itself; a month-end credit asks for no payment and carries no pay code', () => {
  const interim = billDocument(
    bill({
      kind: 'interim',
      kwh: '0',
      totalFen: 3000,
      lines: [{ code: 'split_interim', labelZh: '2026-11 第 1 次分次结算电费', quantity: '30', unit: '%', price: '100.00', amountFen: 3000, tariffCode: null }],
    }),
    to,
    settings,
  );
  assert.equal(interim.kindZh, '分次结算账单');
  assert.ok(interim.notices[0].startsWith('请于 2026-12-22 前缴清电费'));
  assert.match(interim.notices[1], /月末抄表后按全月实际电量结清当月电费/);
  assert.equal(interim.payText, interim.payRef);
  const credit = billDocument(
    bill({
      totalFen: -958,
      lines: [
        { code: 'energy', labelZh: '电度电费', quantity: '100', unit: 'kWh', price: '0.538', amountFen: 5380, tariffCode: 'ZJ-RES-2012' },
        {
          code: 'split_trueup',
          labelZh: '减：本月已出分次结算电费（第 1、2 次）',
          quantity: '2',
          unit: '张 bills',
          price: '63.38',
          amountFen: -6338,
          tariffCode: null,
        },
      ],
    }),
    to,
    settings,
  );
  assert.equal(credit.total, '-9.58');
  assert.equal(credit.notices[0], '本月分次结算已收电费多于全月电费 9.58 元，本账单无需缴费。');
  assert.equal(credit.payText, null);
});
