/**
 * Meter reading validation (抄表数据校验): pure, for the reading step of billing.
 *
 * - A reading below the last without a meter change is a register rollover when it is consistent with
 *   the wrap-around of an N-digit register: the advance 10^N − last + current is at most
 *   `rolloverMaxShare` of the register's range; otherwise it is an error.
 * - Zero consumption this month and in the `zeroMonthsWarn − 1` months before: a warning.
 * - Consumption above `jumpFactor` × the average of the last `historyMonths` non-zero months: a warning.
 * - Estimated reads (估抄) are flagged.
 * - TOU registers whose advances do not add up to the total register's within `touToleranceKwh`: a warning.
 * - The multiplier (倍率 = CT ratio × PT ratio) turns register advances into kWh.
 */
import { D, dec, qtyText, type Dec } from './decimal.js';
import type { BillingPolicy, Period } from './schemas.js';

export interface ReadingInput {
  last: number | string;
  current: number | string;
  /** register digits (integer part), for rollover */
  digits: number;
  meterChanged: boolean;
  /** CT ratio × PT ratio */
  ctRatio: number;
  ptRatio: number;
  estimated: boolean;
  /** kWh of the previous months, oldest first */
  history: (number | string)[];
  /** TOU register advances (register units), when the meter has them */
  tou?: Partial<Record<Period, { last: number | string; current: number | string }>>;
}

export interface ReadingIssue {
  code: 'below_last' | 'rollover' | 'zero' | 'jump' | 'estimated' | 'tou_mismatch';
  severity: 'error' | 'warning' | 'info';
  zh: string;
  en: string;
}

export interface ReadingResult {
  advance: Dec;
  kwh: Dec;
  multiplier: Dec;
  issues: ReadingIssue[];
}

/** The register advance, allowing one rollover of an N-digit register; null when the reading is impossible. */
export function registerAdvance(last: Dec, current: Dec, digits: number, maxShare: Dec): { advance: Dec; rollover: boolean } | null {
  if (current.gte(last)) return { advance: current.minus(last), rollover: false };
  const range = new D(10).pow(digits);
  if (last.gte(range)) return null;
  const wrapped = range.minus(last).plus(current);
  return wrapped.lte(range.times(maxShare)) ? { advance: wrapped, rollover: true } : null;
}

export function validateReading(r: ReadingInput, policy: BillingPolicy['reading']): ReadingResult {
  const issues: ReadingIssue[] = [];
  const multiplier = dec(r.ctRatio).times(dec(r.ptRatio));
  const last = dec(r.last),
    current = dec(r.current);
  let advance = new D(0);
  if (r.meterChanged) {
    advance = current; // a new meter starts from its installation reading, taken as the last (callers pass 0 or it)
  } else {
    const a = registerAdvance(last, current, r.digits, dec(policy.rolloverMaxShare));
    if (!a)
      issues.push({
        code: 'below_last',
        severity: 'error',
        zh: `本次示数 ${r.current} 小于上次 ${r.last}，且不是 ${r.digits} 位表计的翻转`,
        en: `reading ${r.current} is below the last ${r.last} and is not a rollover of a ${r.digits}-digit register`,
      });
    else {
      advance = a.advance;
      if (a.rollover)
        issues.push({ code: 'rollover', severity: 'info', zh: `表计翻转：走字 ${qtyText(a.advance)}`, en: `register rollover: advance ${qtyText(a.advance)}` });
    }
  }
  const kwh = advance.times(multiplier);
  const hist = r.history.map((h) => dec(h));
  const zeroRun = policy.zeroMonthsWarn;
  if (kwh.isZero() && hist.length >= zeroRun - 1 && hist.slice(hist.length - (zeroRun - 1)).every((h) => h.isZero()))
    issues.push({ code: 'zero', severity: 'warning', zh: `连续 ${zeroRun} 个月零电量`, en: `zero consumption for ${zeroRun} months in a row` });
  const recent = hist.slice(-policy.historyMonths).filter((h) => !h.isZero());
  if (recent.length) {
    const avg = recent.reduce((s, h) => s.plus(h), new D(0)).div(recent.length);
    if (kwh.gt(avg.times(dec(policy.jumpFactor))))
      issues.push({
        code: 'jump',
        severity: 'warning',
        zh: `电量 ${qtyText(kwh)} 超过近期月均 ${qtyText(avg, 1)} 的 ${policy.jumpFactor} 倍`,
        en: `${qtyText(kwh)} kWh is more than ${policy.jumpFactor} × the recent monthly average ${qtyText(avg, 1)}`,
      });
  }
  if (r.estimated) issues.push({ code: 'estimated', severity: 'info', zh: '估抄示数', en: 'estimated read' });
  if (r.tou && Object.keys(r.tou).length && !r.meterChanged) {
    let sum = new D(0);
    for (const v of Object.values(r.tou)) {
      const a = registerAdvance(dec(v!.last), dec(v!.current), r.digits, dec(policy.rolloverMaxShare));
      sum = sum.plus(a ? a.advance : 0);
    }
    if (sum.minus(advance).abs().times(multiplier).gt(dec(policy.touToleranceKwh)))
      issues.push({
        code: 'tou_mismatch',
        severity: 'warning',
        zh: `分时走字之和 ${qtyText(sum)} 与总走字 ${qtyText(advance)} 不符`,
        en: `TOU register advances add up to ${qtyText(sum)}, the total register advanced ${qtyText(advance)}`,
      });
  }
  return { advance, kwh, multiplier, issues };
}
