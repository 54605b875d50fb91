/**
 * The public face of the ledger module (会计核算), docs/ledger.md. Billing and payments post their
 * money events with `postMoneyEvent(tx, event)` inside their own transaction (the posting contract,
 * posting.ts) and undo one with `reverseMoneyEvent`. Everything else in this folder is internal.
 */
export { registerLedgerRoutes } from './routes.js';
export { postMoneyEvent, postMoneyEvents, reverseMoneyEvent } from './posting.js';
export { registerLedgerUnit } from './store.js';
// use cases the demo seed runs as a user would
export { postManualEntry } from './posting.js';
export { closePeriod } from './periods.js';
export { trialBalanceOf } from './reports.js';
export { MONEY_EVENT_TYPES, MoneyEventSchema } from './schemas.js';
export type { MoneyEvent, MoneyEventType, PostResult, TrialBalance } from './schemas.js';
// billing and payments: which ledger unit keeps an org unit's books
export { ledgerUnitFor, allLedgerUnits } from './store.js';
export { todayBeijing, postedEventIds } from './posting.js';
export type { LedgerUnit } from './schemas.js';
