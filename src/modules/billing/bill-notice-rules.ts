/**
 * E-bill notices (电子账单, docs/billing.md §14), pure: the outbox messages that tell a customer a bill was
 * released — an SMS with the amount and the due date, an e-mail with the same and the link to the bill —
 * on the channels the customer accepts, not before the end of their quiet hours (the outbox's rule).
 * A customer with neither a mobile number nor an e-mail address they accept cannot be told (counted).
 */
import type { OutboxMessage } from '../../platform/outbox/outbox.js';
import { releaseTime } from '../../platform/outbox/quiet-hours.js';
import { yuan } from '../../platform/pdf/index.js';

const MOBILE = /^1[3-9]\d{9}$/;
/** China Standard Time: no daylight saving. */
export const CST_OFFSET_MS = 8 * 3_600_000;

export interface NoticeBill {
  id: number;
  accountId: number;
  cycle: string;
  kind: 'normal' | 'rebill' | 'reversal' | 'interim';
  totalFen: number;
  dueDate: string | null;
}
export interface NoticeContact {
  accountNo: string;
  phone: string | null;
  email: string | null;
  prefs: { sms: boolean; email: boolean; quietStart: string | null; quietEnd: string | null } | null;
}
export interface NoticeSettings {
  /** link template with {billId}, or null */
  ebillLink: string | null;
  hotline: string;
  lateFeeNoticeZh: string;
  defaultQuiet: { start: string | null; end: string | null };
}

export function billLink(template: string | null, billId: number): string | null {
  return template ? template.replaceAll('{billId}', String(billId)) : null;
}

/** The messages of one bill's notice (none when the customer accepts no channel it has). */
export function billNoticeMessages(b: NoticeBill, c: NoticeContact, s: NoticeSettings, now: Date): OutboxMessage[] {
  const link = billLink(s.ebillLink, b.id);
  const amount = yuan(b.totalFen);
  const due = b.dueDate ? `，请于 ${b.dueDate} 前缴清` : '';
  const what =
    b.kind === 'rebill'
      ? `${b.cycle} 电费已退补重算（原账单已冲红），重算后电费 ${amount} 元${due}`
      : b.kind === 'interim'
        ? `${b.cycle} 分次结算电费 ${amount} 元${due}（月末抄表后结清当月电费）`
        : b.totalFen < 0
          ? // a split-settlement month-end bill below zero: the interim bills charged more than the month
            `${b.cycle} 月末结算：本月分次结算多收 ${yuan(-b.totalFen)} 元，无需缴费`
          : `${b.cycle} 电费 ${amount} 元${due}`;
  const where = link ? `电子账单：${link}` : '电子账单请登录供电服务门户查看';
  const sms = `【国网供电服务】尊敬的客户，您的户号 ${c.accountNo} ${what}。${where}。咨询请拨 ${s.hotline}。`;
  const email = [
    '尊敬的客户：',
    '',
    `您的户号 ${c.accountNo} ${what}。`,
    link ? `电子账单（PDF）：${link}` : '电子账单（PDF）请登录供电服务门户，在“我的账单”中查看和下载。',
    '',
    s.lateFeeNoticeZh,
    `咨询请拨 ${s.hotline} 供电服务热线。`,
  ].join('\n');
  const window = { start: c.prefs ? c.prefs.quietStart : s.defaultQuiet.start, end: c.prefs ? c.prefs.quietEnd : s.defaultQuiet.end };
  const notBefore = releaseTime(now, window, false, CST_OFFSET_MS);
  const event = b.kind === 'rebill' ? 'bill.rebilled' : 'bill.released';
  const payload = { billId: b.id, accountId: b.accountId, cycle: b.cycle, totalFen: b.totalFen, dueDate: b.dueDate };
  const out: OutboxMessage[] = [];
  if (c.prefs?.sms !== false && c.phone && MOBILE.test(c.phone)) out.push({ event, channel: 'sms', recipient: c.phone, body: sms, payload, notBefore });
  if (c.prefs?.email !== false && c.email)
    out.push({ event, channel: 'email', recipient: c.email, subject: `${b.cycle} 电费账单 / Electricity bill`, body: email, payload, notBefore });
  return out;
}
