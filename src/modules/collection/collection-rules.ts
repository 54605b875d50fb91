/**
 * Collection rules (催费), docs/collection.md. Pure: facts and the policy in, a decision with its
 * reasons out. Every figure comes from the policy (policy-data.ts).
 *
 * - Ageing: a debt d days overdue falls in the first bucket whose bound is ≥ d; past the last bound,
 *   in the last bucket (bounds [30, 60] → 1–30, 31–60, 61+).
 * - Risk: points per factor, capped per factor, summed and capped at 100; every factor that scores
 *   is a reason shown with its points.
 * - Stop order: only with a written notice on file, after its notice period, more than
 *   `stopMinOverdueDays` overdue, a call after the notice (when the policy asks), no active
 *   installment agreement and no other open stop order. Each refusal names its reason.
 */
import { Decimal } from 'decimal.js';
import { conflict, DomainError } from '../../platform/errors.js';
import { addDays, dayNo } from '../../platform/calendar/dates.js';
import type { CollectionPolicy, RiskFacts, RiskScore, StopFacts } from './schemas.js';

/** The bucket index (0-based) of a debt `days` overdue (days ≥ 1). */
export function ageingBucket(days: number, bounds: readonly number[]): number {
  for (let i = 0; i < bounds.length; i++) if (days <= bounds[i]) return i;
  return bounds.length;
}

/** Labels of the buckets: '1–30', '31–60', …, '366+'. */
export function ageingLabels(bounds: readonly number[]): string[] {
  const out: string[] = [];
  let from = 1;
  for (const b of bounds) {
    out.push(`${from}–${b}`);
    from = b + 1;
  }
  out.push(`${from}+`);
  return out;
}

export function riskScore(f: RiskFacts, policy: CollectionPolicy): RiskScore {
  const w = policy.risk;
  const reasons: RiskScore['reasons'] = [];
  const add = (code: string, points: number, zh: string, en: string) => {
    if (points !== 0) reasons.push({ code, points, zh, en });
  };
  const months = Math.ceil(Math.max(0, f.maxOverdueDays) / 30);
  add('overdue', Math.min(w.overdueMax, months * w.perOverdueMonth), `最长欠费 ${f.maxOverdueDays} 天`, `oldest debt ${f.maxOverdueDays} days overdue`);
  add(
    'late_history',
    Math.min(w.latePaymentsMax, f.latePayments12m * w.perLatePayment),
    `近 12 个月逾期缴费 ${f.latePayments12m} 次`,
    `${f.latePayments12m} late payments in 12 months`,
  );
  // integer fen: whole steps of arrears (floor), no floating point
  const steps = new Decimal(Math.max(0, f.arrearsFen)).dividedToIntegerBy(w.arrearsStepFen).toNumber();
  add('arrears', Math.min(w.arrearsMax, steps * w.perArrearsStep), `欠费 ${(f.arrearsFen / 100).toFixed(2)} 元`, `arrears ¥${(f.arrearsFen / 100).toFixed(2)}`);
  if (f.customerClass !== 'residential') add('class', w.nonResidential, '非居民用户', 'non-residential customer');
  if (f.prepaid) add('prepaid', w.prepaid, '预付费（费控）用户', 'prepaid (fee-controlled) account');
  add(
    'broken_installment',
    Math.min(100, f.brokenInstallments * w.brokenInstallment),
    `分期协议违约 ${f.brokenInstallments} 次`,
    `${f.brokenInstallments} broken installment agreements`,
  );
  const score = Math.max(
    0,
    Math.min(
      100,
      reasons.reduce((s, r) => s + r.points, 0),
    ),
  );
  return { score, level: score >= w.high ? 'high' : score >= w.medium ? 'medium' : 'low', reasons };
}

/** The first day supply may be stopped after a notice served on `servedOn`. */
export function stopFromDate(servedOn: string, policy: CollectionPolicy): string {
  return addDays(servedOn, policy.noticeDays);
}

/** Why a stop order cannot be made now, or null when it may. */
export function stopRefusal(f: StopFacts, policy: CollectionPolicy): DomainError | null {
  if (f.arrearsFen <= 0) return conflict('该户无欠费，不能停电', 'the account owes nothing: no stop order', {}, 'NO_ARREARS');
  if (f.activeInstallment) return conflict('该户有履行中的分期协议，不能停电', 'an installment agreement is in force: no stop order', {}, 'INSTALLMENT_ACTIVE');
  if (f.openStopOrder) return conflict('该户已有未完成的停电单', 'a stop order is already open for this account', {}, 'STOP_ORDER_OPEN');
  if (f.maxOverdueDays <= policy.stopMinOverdueDays)
    return conflict(
      `欠费逾期 ${f.maxOverdueDays} 天，未超过 ${policy.stopMinOverdueDays} 天，不能停电`,
      `the oldest debt is ${f.maxOverdueDays} days overdue, not more than ${policy.stopMinOverdueDays}: no stop order`,
      { maxOverdueDays: f.maxOverdueDays },
      'NOT_OVERDUE_ENOUGH',
    );
  if (!f.notice)
    return conflict('未送达书面停电通知，不能停电', 'no written notice served: a stop order needs the served notice on file', {}, 'NOTICE_MISSING');
  if (dayNo(f.today) < dayNo(f.notice.stopFrom))
    return conflict(
      `停电通知于 ${f.notice.servedOn} 送达，${f.notice.stopFrom} 起方可停电`,
      `the notice was served on ${f.notice.servedOn}: supply may be stopped from ${f.notice.stopFrom}`,
      { stopFrom: f.notice.stopFrom },
      'NOTICE_PERIOD',
    );
  if (policy.callBeforeStop && !f.callAfterNotice)
    return conflict('停电前须电话告知客户', 'call the customer before the stop: no call on file after the notice', {}, 'CALL_MISSING');
  return null;
}

/** Installments: due so far vs paid since the agreement; broken when a due installment is not covered. */
export function installmentStatus(
  items: readonly { dueOn: string; amountFen: number }[],
  paidFen: number,
  today: string,
): { dueFen: number; paidFen: number; totalFen: number; status: 'active' | 'completed' | 'broken' } {
  const totalFen = items.reduce((s, i) => s + i.amountFen, 0);
  // an installment is missed once its due day has passed without the cumulative amount paid
  const dueFen = items.filter((i) => i.dueOn < today).reduce((s, i) => s + i.amountFen, 0);
  const status = paidFen >= totalFen ? 'completed' : paidFen < dueFen ? 'broken' : 'active';
  return { dueFen, paidFen, totalFen, status };
}
