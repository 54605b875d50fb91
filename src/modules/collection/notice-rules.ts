/**
 * The written stop-supply notice (停电通知书), docs/collection.md "Stop-supply notice". Pure: what the
 * notice says, from the account's debts on the issue day (each bill's principal owed and its late fee to
 * that day with the rule's lines), the notice policy (legal basis, ways to pay, hotline, quiet hours) and
 * the serving; and the SMS copy's text and release time. No I/O; amounts are integer fen, shown in yuan
 * by integer arithmetic.
 */
import { addDays } from '../../platform/calendar/dates.js';
import { releaseTime, type QuietWindow } from '../../platform/outbox/quiet-hours.js';
import type { BillDebt, NoticeDocument, NoticePolicy } from './schemas.js';

/** Fen as yuan text, exact (integer arithmetic, no binary floating point). */
export function yuanText(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Notice number: TZ + the issue day (YYYYMMDD) + the step id (8 digits). */
export const noticeNo = (issuedOn: string, stepId: number) => `TZ${issuedOn.replaceAll('-', '')}${String(stepId).padStart(8, '0')}`;

export interface NoticeFacts {
  noticeNo: string;
  issuedOn: string;
  companyName: string;
  unitName: string;
  customerName: string;
  accountNo: string;
  address: string;
  noticeDays: number;
  debts: BillDebt[];
}

/**
 * The notice's content as issued. Per bill: principal owed, the late fee to the issue day still to pay
 * (the rule's fee to date less what was charged at payments and waived) and its explanation lines
 * (`from–to days × rate × base`). Totals are sums of whole fen; nothing is rounded here (the late-fee
 * rule rounds once per bill).
 */
export function noticeDocument(f: NoticeFacts, policy: NoticePolicy): NoticeDocument {
  const bills = f.debts
    .filter((d) => d.principalOwedFen > 0 || d.feeDueFen > 0)
    .map((d) => ({
      billId: d.billId,
      cycle: d.cycle,
      dueDate: d.dueDate,
      principalOwedFen: d.principalOwedFen,
      lateFeeFen: d.feeDueFen,
      lateFeeLines: d.lateFee.lines.map((l) => `${l.from}–${l.to} ${l.days}天 × ${l.rate} × ¥${yuanText(l.baseFen)}`),
    }));
  const principalFen = bills.reduce((s, b) => s + b.principalOwedFen, 0);
  const lateFeeFen = bills.reduce((s, b) => s + b.lateFeeFen, 0);
  return {
    noticeNo: f.noticeNo,
    issuedOn: f.issuedOn,
    companyName: f.companyName,
    unitName: f.unitName,
    customerName: f.customerName,
    accountNo: f.accountNo,
    address: f.address,
    noticeDays: f.noticeDays,
    bills,
    principalFen,
    lateFeeFen,
    totalFen: principalFen + lateFeeFen,
    payWays: policy.payWays,
    legalBasis: policy.legalBasis,
    hotline: policy.hotline,
  };
}

/** The first day supply may be stopped: the serving day + the notice days (the serving day itself not counted). */
export const noticeStopFrom = (servedOn: string, noticeDays: number) => addDays(servedOn, noticeDays);

/** The last day to pay before the stop: the day before the stop day. */
export const noticePayBy = (stopFrom: string) => addDays(stopFrom, -1);

/** The SMS copy of a served notice (Chinese; the account number, total, the pay-by and stop days, the hotline). */
export function noticeSms(doc: NoticeDocument, stopFrom: string): string {
  return (
    `【停电通知】尊敬的${doc.customerName}，您的户号 ${doc.accountNo} 截至 ${doc.issuedOn} 欠电费 ${yuanText(doc.totalFen)} 元` +
    `（含违约金 ${yuanText(doc.lateFeeFen)} 元），停电通知书（${doc.noticeNo}）已送达。请于 ${noticePayBy(stopFrom)} 前缴清，` +
    `逾期将自 ${stopFrom} 起依法停止供电。缴费后按时限恢复供电。咨询 ${doc.hotline}。`
  );
}

/** When the SMS may go out: the customer's own quiet hours when set, else the policy's (the outbox's rule: never urgent). */
export function noticeSmsSendAfter(now: Date, policy: NoticePolicy, customerWindow: QuietWindow | null): Date {
  const w = customerWindow && customerWindow.start && customerWindow.end ? customerWindow : policy.quietHours;
  return releaseTime(now, w, false, policy.utcOffsetMinutes * 60_000);
}

/** The Beijing calendar day of an instant (the serving day of a notice served at that instant). */
export function localDay(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
