/**
 * National billing policy as data (not code): the power-factor adjustment tables of
 * (83)水电财字第215号《功率因数调整电费办法》, which standard applies to whom, the two-part tariff
 * thresholds of 发改办价格〔2016〕1583号 and 发改价格〔2023〕526号, the TOU price checks of
 * 发改价格〔2021〕1093号, and the company's meter-reading plausibility settings (illustrative).
 * The pure rules receive this object; the seed stores it (billing_policies) and the service reads it from there.
 */
import type { BillingPolicy } from './schemas.js';
import type { SplitPolicy } from './split-settlement-rules.js';
import type { ParamsPolicy } from './billing-params-rules.js';

export const NATIONAL_POLICY: BillingPolicy = {
  pfTables: [
    {
      standard: '0.90',
      above: [
        { from: '0.90', to: '0.95', step: '-0.15' },
        { from: '0.95', to: '1.00', step: '0' },
      ],
      below: [
        { from: '0.90', to: '0.70', step: '0.5' },
        { from: '0.70', to: '0.65', step: '1' },
        { from: '0.65', to: '0.00', step: '2' },
      ],
    },
    {
      standard: '0.85',
      above: [
        { from: '0.85', to: '0.90', step: '-0.1' },
        { from: '0.90', to: '0.94', step: '-0.15' },
        { from: '0.94', to: '1.00', step: '0' },
      ],
      below: [
        { from: '0.85', to: '0.65', step: '0.5' },
        { from: '0.65', to: '0.60', step: '1' },
        { from: '0.60', to: '0.00', step: '2' },
      ],
    },
    {
      standard: '0.80',
      above: [
        { from: '0.80', to: '0.90', step: '-0.1' },
        { from: '0.90', to: '0.92', step: '-0.15' },
        { from: '0.92', to: '1.00', step: '0' },
      ],
      below: [
        { from: '0.80', to: '0.60', step: '0.5' },
        { from: '0.60', to: '0.55', step: '1' },
        { from: '0.55', to: '0.00', step: '2' },
      ],
    },
  ],
  pfApplicability: [
    { standard: '0.90', classes: ['commercial_industrial'], hvIndustrialOnly: true, minKva: 160, minInclusive: false },
    { standard: '0.85', classes: ['commercial_industrial'], hvIndustrialOnly: false, minKva: 100, minInclusive: true },
    { standard: '0.80', classes: ['agricultural'], hvIndustrialOnly: false, minKva: 100, minInclusive: true },
  ],
  twoPart: {
    classes: ['commercial_industrial'],
    singlePartMaxKva: 100,
    twoPartMinKva: 315,
    overContractShare: '1.05',
    overContractMultiplier: '2',
    minContractShare: '0.4',
    highLoadKwhPerKva: 260,
    highLoadDemandFactor: '0.9',
  },
  tou: { criticalOverPeakMin: '1.2', peakValleyRatioMin: '3' },
  reading: { zeroMonthsWarn: 3, jumpFactor: '3', historyMonths: 6, touToleranceKwh: '1', rolloverMaxShare: '0.2' },
  source:
    '功率因数：(83)水电财字第215号；两部制：发改办价格〔2016〕1583号、发改价格〔2023〕526号；分时：发改价格〔2021〕1093号（峰谷比 3:1 为下限，尖峰 ≥ 高峰 × 1.2）；抄表校验阈值为本公司示例值',
};

/**
 * Split settlement (分次结算, docs/billing.md §19): the company's limits on an agreement. Interim days run
 * from `firstDay` to `lastDay` of the month (the month-end reading comes after them); at most `maxInterims`
 * interim bills a month (so at most maxInterims + 1 settlements); the interim shares add up to at most
 * `maxSharePctTotal` % of the base; an interim bill is due `paymentDays` days after it is issued unless the
 * agreement says otherwise (at most `maxPaymentDays`). Illustrative company settings, not national figures.
 */
export const SPLIT_SETTLEMENT_POLICY: SplitPolicy = {
  firstDay: 1,
  lastDay: 28,
  maxInterims: 3,
  maxSharePctTotal: '100',
  paymentDays: 3,
  maxPaymentDays: 30,
  source:
    '《供电营业规则》：对月用电量较大的用户，供电企业可以按照用户月电费确定每月分若干次收费，并于抄表后结清当月电费（1996 年版并规定收费次数由供用双方协商确定，一般每月不少于三次）；分次划拨金额按上月电费的约定比例（无上月电费时按协议约定月电费）为本公司示例做法，天数与比例为示例值',
};

/**
 * Billing parameters (计费参数, docs/billing.md §21): 发改办价格〔2016〕1583号 — 基本电价计费方式变更周期按季变更,
 * 合同最大需量核定值按月变更. Versions start on the first of a month; the basis changes only on the first of
 * these months.
 */
export const BILLING_PARAMS_POLICY: ParamsPolicy = {
  basisChangeMonths: [1, 4, 7, 10],
  source: '发改办价格〔2016〕1583号：基本电价计费方式按季变更，合同最大需量按月变更；需量低于容量 40% 按 40% 核定',
};
