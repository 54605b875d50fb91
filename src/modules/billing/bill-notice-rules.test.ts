import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billLink, billNoticeMessages, type NoticeContact, type NoticeSettings } from './bill-notice-rules.js';

const bill = { id: 42, accountId: 7, cycle: '2026-11', kind: 'normal' as const, totalFen: 19410, dueDate: '2026-12-22' };
const contact: NoticeContact = { accountNo: '3700000007', phone: '13800138000', email: 'zhang@example.cn', prefs: null };
const settings: NoticeSettings = {
  ebillLink: 'https://95598.example.cn/portal/bills?bill={billId}',
  hotline: '95598',
  lateFeeNoticeZh: '逾期按日加收电费违约金。',
  defaultQuiet: { start: '22:00', end: '08:00' },
};
/** 2026-12-07 10:00 China Standard Time */
const day = new Date('2026-12-07T02:00:00Z');

test('an SMS with the amount and the due date, an e-mail with the link to the bill', () => {
  const [sms, email] = billNoticeMessages(bill, contact, settings, day);
  assert.equal(sms.channel, 'sms');
  assert.equal(sms.recipient, '13800138000');
  assert.equal(
    sms.body,
    '【国网供电服务】尊敬的客户，您的户号 3700000007 2026-11 电费 194.10 元，请于 2026-12-22 前缴清。电子账单：https://95598.example.cn/portal/bills?bill=42。咨询请拨 95598。',
  );
  assert.equal(email.channel, 'email');
  assert.match(email.body, /电子账单（PDF）：https:\/\/95598\.example\.cn\/portal\/bills\?bill=42/);
  assert.match(email.body, /逾期按日加收电费违约金/);
  assert.equal(email.subject, '2026-11 电费账单 / Electricity bill');
  assert.deepEqual(sms.payload, { billId: 42, accountId: 7, cycle: '2026-11', totalFen: 19410, dueDate: '2026-12-22' });
  assert.equal(sms.notBefore!.getTime(), day.getTime(), 'outside quiet hours: at once');
  assert.equal(sms.event, 'bill.released');
});

test('the channels the customer accepts, and a customer who cannot be told', () => {
  assert.deepEqual(
    billNoticeMessages(bill, { ...contact, prefs: { sms: false, email: true, quietStart: null, quietEnd: null } }, settings, day).map((m) => m.channel),
    ['email'],
  );
  assert.deepEqual(
    billNoticeMessages(bill, { ...contact, prefs: { sms: true, email: false, quietStart: null, quietEnd: null } }, settings, day).map((m) => m.channel),
    ['sms'],
  );
  // a fixed line takes no SMS
  assert.deepEqual(
    billNoticeMessages(bill, { ...contact, phone: '0571-87654321' }, settings, day).map((m) => m.channel),
    ['email'],
  );
  assert.deepEqual(billNoticeMessages(bill, { ...contact, phone: null, email: null }, settings, day), []);
});

test("quiet hours: the customer's own, else the default; the message waits for their end", () => {
  const night = new Date('2026-12-07T15:30:00Z'); // 23:30 CST
  const [d] = billNoticeMessages(bill, contact, settings, night);
  assert.equal(d.notBefore!.toISOString(), '2026-12-08T00:00:00.000Z', 'default 22:00–08:00: 08:00 CST next morning');
  const own = billNoticeMessages(
    bill,
    { ...contact, prefs: { sms: true, email: true, quietStart: '12:00', quietEnd: '14:00' } },
    settings,
    new Date('2026-12-07T04:30:00Z'),
  );
  assert.equal(own[0].notBefore!.toISOString(), '2026-12-07T06:00:00.000Z', '12:30 CST inside 12:00–14:00: at 14:00');
  // no link configured: the message says where to look
  const [noLink] = billNoticeMessages(bill, contact, { ...settings, ebillLink: null }, day);
  assert.match(noLink.body, /电子账单请登录供电服务门户查看/);
  assert.equal(billLink('x/{billId}/y/{billId}', 5), 'x/5/y/5');
});

test('a rebill says it replaces the reversed bill', () => {
  const [sms] = billNoticeMessages({ ...bill, kind: 'rebill', totalFen: 100 }, contact, settings, day);
  assert.equal(sms.event, 'bill.rebilled');
  assert.match(sms.body, /2026-11 电费已退补重算（原账单已冲红），重算后电费 1\.00 元，请于 2026-12-22 前缴清/);
});

test('split settlement: an interim bill says it is one, a month-end credit asks for nothing', () => {
  const m = billNoticeMessages;
  const contact: NoticeContact = { accountNo: '3700000001', phone: '13800000000', email: null, prefs: null };
  const st: NoticeSettings = { ebillLink: null, hotline: '95598', lateFeeNoticeZh: '逾期按日加收违约金。', defaultQuiet: { start: null, end: null } };
  const at = new Date('2026-11-10T02:00:00Z');
  const interim = m({ id: 9, accountId: 1, cycle: '2026-11', kind: 'interim', totalFen: 3000, dueDate: '2026-11-13' }, contact, st, at)[0];
  assert.match(interim.body, /2026-11 分次结算电费 30\.00 元，请于 2026-11-13 前缴清（月末抄表后结清当月电费）/);
  const credit = m({ id: 10, accountId: 1, cycle: '2026-11', kind: 'normal', totalFen: -19_744_918, dueDate: '2026-12-15' }, contact, st, at)[0];
  assert.match(credit.body, /本月分次结算多收 197449\.18 元，无需缴费/);
  assert.doesNotMatch(credit.body, /请于/);
});
