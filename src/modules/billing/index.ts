/** The public face of the billing module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { registerBillingRoutes } from './routes.js';
export { rate, type RatingInput } from './rating-rules.js';
export { validateReading, type ReadingInput, type ReadingResult } from './reading-rules.js';
export type { BillLine, RatingResult, TariffVersion, BillingPolicy } from './schemas.js';
export { registerBillRunRoutes, registerPortalBillRoutes } from './billing-routes.js';
export { importReadings, enterReading, billingSettings } from './readings.js';
// split settlement (分次结算): use cases the demo seed runs as a user would
export { setSplitAgreement, issueInterimBill } from './split-settlement.js';
// the interim bill schedule (a background job, src/background.ts) and its policy switch (the demo seed turns it off)
export { interimScheduleJob, runInterimSchedule } from './interim-schedule.js';
export { setInterimAutoIssue } from './billing-settings.js';
// billing parameters (计费参数) and pauses entered in billing: use cases the demo seed runs as a user would
export { setBillingParams, addCapacityEvent, getBillingParams } from './billing-params.js';
export { startRun, workChunk, workPendingChunks, reviewRun, releaseRun, rebill, getRun, startBillRunWorker } from './billruns.js';
export type { ChunkOutcome } from './billruns.js';
export { billPdf, runPrintFile, drawBill } from './bill-pdf.js';
export type { PrintProgress } from './bill-pdf.js';
export { queueBillNotices, queueAllBillNotices } from './bill-notices.js';
export { runWorkbook, runSummary } from './run-export.js';
// payments (收费): open bills of an account; bills posted to the ledger on release
export { openBillsOfAccounts, postReleasedBills, type BillForCollection, type OpenBill } from './bill-postings.js';
// connections (销户 after six months without use): the kWh index readings of accounts
export { kwhIndexReadings, type IndexReading } from './consumption-reads.js';
// prepaid (charges from meter reads): the reading policy in force on a day, with billing's reading rule
export { policyOn } from './service.js';
// what other modules do inside a run's release (payments: the accounts' credit applied to their new bills)
export { onBillsReleased, type ReleaseHook, type ReleasedBills } from './release-hooks.js';
