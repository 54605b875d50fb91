/**
 * The public face of the collection module: the pure late-fee (电费违约金) and payment allocation
 * rules that payments call, with their seeded policy data. No I/O here yet (docs/collection.md).
 */
export { lateFee, carryOverDate } from './late-fee-rules.js';
export { allocatePayment } from './allocation-rules.js';
export { LATE_FEE_1996, ALLOCATION_DEFAULT } from './policy-data.js';
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
} from './schemas.js';
export { LateFeePolicySchema, LateFeeResultSchema, AllocationPolicySchema, AllocationResultSchema } from './schemas.js';
