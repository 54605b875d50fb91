/**
 * Split settlement (分次结算, docs/billing.md §19): pure rules, no I/O.
 *
 * 《供电营业规则》: for customers with a large monthly consumption the utility may collect the month's
 * charge in several instalments and settle the month after the meter is read (抄表后结清当月电费).
 * griddesk's form of it (分次划拨): on each agreed day of the month an **interim bill** of an agreed
 * share of the base is issued — the base is the account's net amount of the previous month, or the
 * agreement's expected monthly amount when there is none. At the month-end reading the bill run rates
 * the **whole month** exactly as for any account and adds one **true-up line** that subtracts the interim
 * bills of the month, so Σ interim + final = the single monthly bill, to the fen. An over-estimate makes
 * the final bill negative (a credit).
 *
 * Rounding: an interim bill is one line, base × share % exact, rounded half-up to the fen once
 * (decimal.js ROUND_HALF_UP). The true-up is an integer sum of stored fen: nothing to round.
 */
import { D, dec, yuanToFen } from './decimal.js';
import { addDays } from '../../platform/calendar/dates.js';
import type { BillLine } from './schemas.js';

export interface SplitPolicy {
  /** the first and last day of the month an interim may fall on */
  firstDay: number;
  lastDay: number;
  maxInterims: number;
  /** the interim shares add up to at most this percentage of the base */
  maxSharePctTotal: string;
  /** the payment term of an interim bill unless the agreement names one */
  paymentDays: number;
  maxPaymentDays: number;
  source: string;
}

export interface SplitAgreementInput {
  /** 'share' (a share of the base, the default) or 'reading' (分次抄表: the consumption of an interim reading, §22) */
  basis?: 'share' | 'reading';
  /** the days of the month interim bills are issued on, ascending */
  days: number[];
  /** the share of the base each interim bill charges, in percent (decimal text, two decimals at most) */
  sharePct: string[];
  /** the monthly amount agreed for a month without a previous bill (fen) */
  expectedMonthlyFen: number | null;
  /** days from issue to the due date; the policy's default when absent */
  paymentDays?: number;
}

interface Problem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

const PCT = /^\d{1,3}(\.\d{1,2})?$/;

/** What is wrong with an agreement, each problem naming its field (empty: fine). */
export function checkAgreement(a: SplitAgreementInput, policy: SplitPolicy): Problem[] {
  const out: Problem[] = [];
  if (a.days.length < 1 || a.days.length > policy.maxInterims)
    out.push({
      field: 'days',
      rule: 'count',
      zh: `分次结算日须为 1 至 ${policy.maxInterims} 个（每月最多 ${policy.maxInterims + 1} 次结算，含月末结算）`,
      en: `1 to ${policy.maxInterims} interim days (at most ${policy.maxInterims + 1} settlements a month, the month-end one included)`,
    });
  a.days.forEach((d, i) => {
    if (!Number.isInteger(d) || d < policy.firstDay || d > policy.lastDay)
      out.push({
        field: `days.${i}`,
        rule: 'range',
        zh: `分次结算日须在每月 ${policy.firstDay} 日至 ${policy.lastDay} 日之间`,
        en: `an interim day must be between day ${policy.firstDay} and day ${policy.lastDay} of the month`,
      });
    else if (i > 0 && d <= a.days[i - 1])
      out.push({ field: `days.${i}`, rule: 'ascending', zh: '分次结算日须逐次递增', en: 'interim days must be in ascending order' });
  });
  if (a.basis === 'reading') {
    // split reading: the interim bill is the consumption read on the day; no shares, no agreed amount
    if (a.sharePct.length)
      out.push({
        field: 'sharePct',
        rule: 'reading_basis',
        zh: '分次抄表按抄见电量出账，不设比例',
        en: 'split reading bills the consumption read: no shares',
      });
    if (a.expectedMonthlyFen !== null)
      out.push({
        field: 'expectedMonthlyFen',
        rule: 'reading_basis',
        zh: '分次抄表按抄见电量出账，不设约定月电费',
        en: 'split reading bills the consumption read: no agreed monthly amount',
      });
  } else if (a.sharePct.length !== a.days.length)
    out.push({
      field: 'sharePct',
      rule: 'count',
      zh: `每个分次结算日须有一个比例（${a.days.length} 个）`,
      en: `one share per interim day (${a.days.length})`,
    });
  let total = new D(0);
  a.sharePct.forEach((p, i) => {
    if (!PCT.test(p) || dec(p).lte(0))
      out.push({
        field: `sharePct.${i}`,
        rule: 'format',
        zh: '比例须为大于 0 的百分数，最多两位小数',
        en: 'a share is a percentage above 0 with at most two decimals',
      });
    else total = total.plus(dec(p));
  });
  if (total.gt(dec(policy.maxSharePctTotal)))
    out.push({
      field: 'sharePct',
      rule: 'total',
      zh: `各次比例合计 ${total.toString()}% 超过 ${policy.maxSharePctTotal}%`,
      en: `the shares add up to ${total.toString()} %, above ${policy.maxSharePctTotal} %`,
    });
  if (a.expectedMonthlyFen !== null && (!Number.isSafeInteger(a.expectedMonthlyFen) || a.expectedMonthlyFen <= 0))
    out.push({
      field: 'expectedMonthlyFen',
      rule: 'positive',
      zh: '约定月电费须为正整数（分）',
      en: 'the expected monthly amount is a positive whole number of fen',
    });
  if (a.paymentDays !== undefined && (!Number.isInteger(a.paymentDays) || a.paymentDays < 0 || a.paymentDays > policy.maxPaymentDays))
    out.push({
      field: 'paymentDays',
      rule: 'range',
      zh: `缴费期限须为 0 至 ${policy.maxPaymentDays} 天`,
      en: `the payment term is 0 to ${policy.maxPaymentDays} days`,
    });
  return out;
}

export type BaseBasis = 'previous_month' | 'agreement';

/** The base of the month's interim bills: the previous month's net amount when above zero, else the agreed amount; null when neither. */
export function interimBase(previousMonthFen: number | null, expectedMonthlyFen: number | null): { baseFen: number; basis: BaseBasis } | null {
  if (previousMonthFen !== null && previousMonthFen > 0) return { baseFen: previousMonthFen, basis: 'previous_month' };
  if (expectedMonthlyFen !== null && expectedMonthlyFen > 0) return { baseFen: expectedMonthlyFen, basis: 'agreement' };
  return null;
}

/** base × share %, rounded half-up to the fen once. */
export const interimFen = (baseFen: number, sharePct: string): number => yuanToFen(new D(baseFen).div(100).times(dec(sharePct)).div(100));

/** The one line of interim bill `no` (1-based). */
export function interimLine(no: number, cycle: string, baseFen: number, basis: BaseBasis, sharePct: string): BillLine {
  const basisZh = basis === 'previous_month' ? '上月电费' : '协议约定月电费';
  const basisEn = basis === 'previous_month' ? "last month's amount" : 'the agreed monthly amount';
  return {
    code: 'split_interim',
    rule: 'split_settlement (分次结算，供电营业规则)',
    labelZh: `${cycle} 第 ${no} 次分次结算电费`,
    labelEn: `${cycle} interim bill ${no} (split settlement)`,
    tariffCode: null,
    register: null,
    quantity: sharePct,
    unit: '%',
    price: new D(baseFen).div(100).toFixed(2),
    amountFen: interimFen(baseFen, sharePct),
    note: `${sharePct}% × ${basisZh} ¥${new D(baseFen).div(100).toFixed(2)} / ${sharePct} % of ${basisEn}; 月末抄表后结清 / settled at the month-end reading`,
  };
}

/** The day interim `no` of a cycle falls on (YYYY-MM-DD). */
export const interimDay = (cycle: string, days: number[], no: number): string => `${cycle}-${String(days[no - 1]).padStart(2, '0')}`;

/** The due date of an interim bill issued on `issuedOn`: the issue day + the payment term. */
export const interimDueDate = (issuedOn: string, paymentDays: number): string => addDays(issuedOn, paymentDays);

/**
 * The true-up line of the month-end bill: minus the sum of the month's interim bills (null when there are
 * none). The final bill = the month rated on its reading + this line, so Σ interim + final = the month.
 */
export function trueUpLine(interims: { id: number; interimNo: number; totalFen: number }[]): BillLine | null {
  if (!interims.length) return null;
  const sum = interims.reduce((s, b) => s + b.totalFen, 0);
  const nos = interims.map((b) => b.interimNo).sort((a, b) => a - b);
  return {
    code: 'split_trueup',
    rule: 'split_settlement (分次结算，抄表后结清当月电费)',
    labelZh: `减：本月已出分次结算电费（第 ${nos.join('、')} 次）`,
    labelEn: `Less: this month's interim bills (${nos.join(', ')})`,
    tariffCode: null,
    register: null,
    quantity: String(interims.length),
    unit: '张 bills',
    price: new D(sum).div(100).toFixed(2),
    amountFen: sum === 0 ? 0 : -sum,
    note: `账单 bills ${interims.map((b) => b.id).join(', ')}`,
  };
}

/** The final bill's lines: the month's lines and the true-up; its total is their sum. */
export function finalLines(monthLines: BillLine[], interims: { id: number; interimNo: number; totalFen: number }[]): BillLine[] {
  const t = trueUpLine(interims);
  return t ? [...monthLines, t] : monthLines;
}
