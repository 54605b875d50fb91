/**
 * Seeded policy data of the collection rules (docs/rules.md §3, docs/collection.md).
 * Every figure carries its source; where the text is silent the choice is griddesk's and says so.
 */
import type { AllocationPolicy, CollectionPolicy, LateFeePolicy } from './schemas.js';

/** 供电营业规则 (1996) Art. 98: residential 1‰/day; others 2‰ (current-year arrears), 3‰ (arrears from earlier years); below ¥1 charged as ¥1. */
export const LATE_FEE_1996: LateFeePolicy = {
  ratesByClass: { residential: { currentYear: '0.001', priorYear: '0.001' } },
  otherRates: { currentYear: '0.002', priorYear: '0.003' },
  minimumFen: 100,
  yearBasis: 'due_date',
  carryOverMonth: 1,
  carryOverDay: 1,
  graceDays: 0,
  source:
    "供电营业规则（1996）第九十八条；跨年度起算日（次年1月1日，按缴费期限所在年度）为 griddesk 的解读，可配置 / reading of the year boundary is griddesk's, configurable",
};

/** Oldest debt first, principal before its fee (griddesk's default; a province may set fee first). */
export const ALLOCATION_DEFAULT: AllocationPolicy = {
  feeOrder: 'after_principal',
  source: 'griddesk 默认：先欠先收，本金先于违约金 / griddesk default: oldest first, principal before late fee',
};

/**
 * Collection policy (docs/collection.md). Sources: 供电营业规则 (1996) — written notice 3–7 days
 * before stopping supply, a second notice before the cut; 国家电网 2011 service commitment — notice
 * 7 days before, restore within 24 h of payment; 电力供应与使用条例 — stop only when more than 30 days
 * overdue after a demand to pay. Ageing buckets, the reminder day, the risk weights and the days overdue
 * before a bill may be written off as a bad debt are griddesk's illustrative company settings.
 */
export const COLLECTION_DEFAULT: CollectionPolicy = {
  ageingBounds: [30, 60, 90, 180, 365],
  reminderAfterDays: 1,
  noticeDays: 7,
  stopMinOverdueDays: 30,
  writeOffMinOverdueDays: 365,
  callBeforeStop: true,
  restoreHours: { residential: 24 },
  restoreHoursOther: 24,
  risk: {
    perOverdueMonth: 10,
    overdueMax: 40,
    perLatePayment: 5,
    latePaymentsMax: 20,
    arrearsStepFen: 100_000,
    perArrearsStep: 5,
    arrearsMax: 25,
    nonResidential: 10,
    prepaid: -15,
    brokenInstallment: 15,
    high: 60,
    medium: 30,
  },
  source:
    '供电营业规则（1996）：停电前 3–7 天送达书面通知；国家电网 2011 供电服务承诺：提前 7 天通知、缴费后 24 小时内复电；电力供应与使用条例：逾期 30 天以上方可停电。账龄段、提醒日、风险权重与坏账核销的最短逾期天数（365 天）为 griddesk 示例设置 / notice and restore per the 1996 rules and the 2011 commitment; ageing buckets, reminder day, risk weights and the minimum days overdue of a write-off (365) are illustrative',
};
