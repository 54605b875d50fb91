/**
 * Payments policy as data (docs/payments.md). Every figure carries its source; where no published
 * rule fixes it the figure is griddesk's illustrative company setting and says so.
 */
import { ALLOCATION_DEFAULT, LATE_FEE_1996 } from '../collection/index.js';
import type { DepositPolicy, PaymentsPolicy } from './schemas.js';

export const PAYMENTS_POLICY: PaymentsPolicy = {
  // 缴费期限: fixed by the supply contract (供用电合同), not by a national rule; griddesk's illustrative default
  dueDays: 15,
  // a payment above the debt by more than this needs the cashier's confirmation (¥500)
  overpayConfirmFen: 50_000,
  counterMethods: ['cash', 'card', 'transfer'],
  lateFee: LATE_FEE_1996,
  allocation: ALLOCATION_DEFAULT,
  // 坏账收回: what a counter or online payment has left after the open debts recovers written-off debts (账销案存:
  // the claim stands after the write-off) before any is kept as credit; griddesk's illustrative company setting
  recoverWrittenOff: true,
  // 预收冲抵: an account's ordinary credit is applied to its bills as they are released (and by the sweep); griddesk's
  // illustrative company setting (a company that refunds credit instead, or applies it only on request, sets false)
  applyCreditToBills: true,
  source:
    '缴费期限（发行后 15 天）、超额确认（¥500）与坏账收回顺序为 griddesk 示例公司设置；违约金按供电营业规则（1996）第九十八条 / due term, overpayment confirmation and recovery order are illustrative company settings; late fee per Art. 98',
};

/**
 * Cash deposit (现金解款): a slip that differs from the closes' cash is recorded as a shortage or overage
 * for a second person's approval up to ¥100, refused above. griddesk's illustrative company setting: a
 * company that allows no difference sets `difference: 'refuse'`.
 */
export const DEPOSIT_POLICY: DepositPolicy = {
  difference: 'approve',
  maxDifferenceFen: 10_000,
  source: '现金解款差额（长短款）经第二人审批入账，单笔上限 ¥100，超出拒收——griddesk 示例公司设置 / illustrative company setting',
};

/**
 * The daily fetch of the gateway's statement (statement-fetch.ts, docs/payments.md "Gateway statement"):
 * how often an instance asks whether the previous Beijing day's statement is still to be fetched, the waits
 * after a failed attempt (the last repeats), and the attempts after which the fetch gives up and waits for a
 * person (the failure stays listed). griddesk's illustrative operations settings.
 */
export const STATEMENT_FETCH_POLICY = {
  tickSeconds: 300,
  retryAfterMinutes: [5, 15, 60, 180] as readonly number[],
  maxAttempts: 12,
  source: '对账单自动下载：每 5 分钟检查一次，失败后 5/15/60/180 分钟重试，12 次后停止并待人工处理——griddesk 示例运维设置 / illustrative operations setting',
};
