/**
 * The public face of the collection module (docs/collection.md): the pure late-fee (电费违约金) and
 * payment allocation rules that payments call, with their seeded policy data; the approved
 * late-fee waivers payments deduct; the daily pass, the collection workflow and its routes.
 */
export { lateFee, carryOverDate } from './late-fee-rules.js';
export { allocatePayment } from './allocation-rules.js';
export { ageingBucket, ageingLabels, riskScore, stopRefusal, installmentStatus } from './collection-rules.js';
export { LATE_FEE_1996, ALLOCATION_DEFAULT, COLLECTION_DEFAULT } from './policy-data.js';
export type {
  LateFeePolicy,
  LateFeeBill,
  LateFeeResult,
  LateFeeLine,
  PrincipalPayment,
  AllocationPolicy,
  OpenDebt,
  AllocationLine,
  AllocationResult,
  CollectionPolicy,
} from './schemas.js';
export { LateFeePolicySchema, LateFeeResultSchema, AllocationPolicySchema, AllocationResultSchema } from './schemas.js';
// payments: approved waivers lower the fee charged on a bill
export { waivedFeesOf, waiverPartsOf, waiverCreditsOf } from './waivers.js';
export { splitWaiver, waivableFen, type WaiverFigures, type WaiverSplit } from './waiver-rules.js';
// payments: bills written off as bad debts are no longer owed
export { writtenOffBillsOf } from './write-offs.js';
// payments: what is still outstanding on written-off bills, and the recoveries (坏账收回) a payment makes of them
export { writtenOffDebtsOf, recordRecoveriesIn, recoveredBillsOfPayment, type WrittenOffDebt, type RecoveryIn } from './write-offs.js';
// the daily pass (background, bench) and its steps: another pass can run beside these
export { runLateFeeDailyPass, DAILY_PASS_STEPS, stepsDue, type PassStep, type PassResult } from './daily-pass.js';
export { accrueLateFees } from './late-fee-pass.js';
export { ageingSnapshot } from './ageing-pass.js';
export { startCollectionBackground, runDuePass } from './schedule.js';
export { registerCollectionRoutes } from './routes.js';
// use cases the demo seed runs as a user would
export { serveNotice, recordCall, createStopOrder, approveStopOrder, executeStopOrder } from './steps.js';
export { requestWaiver, decideWaiver } from './waivers.js';
export { requestWriteOff, decideWriteOff } from './write-offs.js';
export { createAgreement } from './installments.js';
