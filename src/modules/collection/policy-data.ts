/**
 * Seeded policy data of the collection rules (docs/rules.md §3, docs/collection.md).
 * Every figure carries its source; where the text is silent the choice is griddesk's and says so.
 */
import type { AllocationPolicy, CollectionPolicy, LateFeePolicy, NoticePolicy } from './schemas.js';

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

/**
 * The stop-supply notice (停电通知书): the legal basis it prints (the provisions as the DOMAIN rules
 * summarise them: notice served 3–7 days before the stop and again before the cut, stopping only after
 * more than 30 days overdue and a demand to pay; the 2011 State Grid commitment of 7 days' notice and
 * restoring within 24 h of payment — article numbers are not printed, the texts are named), the ways to
 * pay (the channels griddesk offers), the hotline, and the SMS copy's quiet hours (griddesk's
 * illustrative default, the same window as prepaid notices; a customer's own quiet hours win).
 */
export const NOTICE_POLICY: NoticePolicy = {
  legalBasis: [
    '《电力供应与使用条例》：用户逾期未交付电费，自逾期之日起计算超过 30 日，经催交仍未交付的，供电企业可以按照国家规定的程序停止供电。',
    '《供电营业规则》：停电前 3 至 7 天内将停电通知书送达用户，停电前再通知用户一次，方可按通知规定的时间实施停电；电费违约金按日计收。',
    '国家电网公司供电服务承诺（2011）：欠费停电提前 7 天送达停电通知书；用户结清欠费后 24 小时内恢复供电。',
  ],
  payWays: ['营业厅柜台：现金、银行卡、转账（凭户号）', '网上国网 / 门户网站“网上缴费”', '银行代扣：在开户银行签订代扣协议'],
  hotline: '95598',
  quietHours: { start: '22:00', end: '08:00' },
  utcOffsetMinutes: 480,
  source:
    '电力供应与使用条例；供电营业规则（1996）；国家电网 2011 供电服务承诺（docs/rules.md §3）。免打扰时段 22:00–08:00 为 griddesk 示例设置 / quiet hours are illustrative',
};
