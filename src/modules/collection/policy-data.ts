/**
 * Seeded policy data of the collection rules (docs/rules.md §3, docs/collection.md).
 * Every figure carries its source; where the text is silent the choice is griddesk's and says so.
 */
import type { AllocationPolicy, LateFeePolicy } from './schemas.js';

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
