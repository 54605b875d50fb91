/**
 * The public face of the prepaid module (预付费 / 费控), docs/prepaid.md: prepaid balances charged daily
 * from AMI daily totals and the price plan, low-balance and below-zero notices, remote disconnect and
 * reconnect orders to the meter head-end, the reconnection clock.
 */
export { registerPrepaidRoutes } from './routes.js';
// the daily pass (the lead's combined latefees bench calls it too)
export { runPrepaidDailyPass, prepaidPassIn } from './daily-pass.js';
export { workPrepaidCommands, headEndSettings, applyResult } from './commands.js';
// payments: a payment on a prepaid account tops up its balance inside the payment's transaction
export { topUpFromPaymentsIn, prepaidAccountIdsOf, type PaymentTopUp } from './accounts.js';
export { PREPAID_POLICY } from './policy-data.js';
export { withSign, verifySign, canonicalOf } from './head-end-rules.js';
export type { PassResult, PrepaidPolicy } from './schemas.js';
export { prepaidJobs } from './background.js';
// use cases the demo seed runs as a user would
export { enrollAccount, storeUsage } from './accounts.js';
