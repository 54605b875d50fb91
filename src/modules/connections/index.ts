/** The public face of the connections module (业扩报装 and large customers). Everything else in this folder is internal. */
export { registerConnections } from './register.js';
export { ensureConnectionDefaults } from './defaults.js';
export { createApplication } from './create-application.js';
export { advanceStage } from './advance-stage.js';
export { recordCustomerWait } from './customer-wait.js';
export { uploadDocument } from './documents.js';
export { sendMissingNotice } from './missing-notice.js';
export { recordPlan } from './supply-plan.js';
export { recordReview } from './reviews.js';
export { recordAgreement } from './agreements.js';
export { offerContract } from './contract-signing.js';
export { listInspections, planInspections, recordInspectionResult, recordRectified } from './inspections.js';
/** For billing: dated pause / reduction periods of service points. */
export { capacityPeriods, type CapacityPeriod } from './capacity.js';
export type { ApplicationCreate, PlanInput } from './schemas.js';
export { KINDS, CUSTOMER_CLASSES, STAGES, type Kind, type CustomerClass, type Stage } from './stage-rules.js';
export { applicationDetail } from './detail.js';
/** Recomputes the workbench's clock summary columns of many applications (after a bulk load or a restore). */
export { refreshClockSummaries } from './clock-summary.js';
/** For the benchmarking scorecards: application counts per org path and the applications behind them. */
export { CONNECTION_MEASURES, connectionMeasureByPath, connectionMeasureRecords, type ConnectionMeasure } from './scorecard-reads.js';
/** Background jobs (src/background.ts): the clock watch after policy / calendar changes, the daily 销户 finder. */
export { CONNECTION_CLOCK_WATCH_QUEUE, CONNECTION_CLOSURE_FINDER_QUEUE, dailyClosureFinder, watchClockRevision } from './background-jobs.js';
/** 销户 after six months without use: the finder (for a scope), the notice, the closure application, cancellation. */
export { applyClosure, cancelClosure, findClosureCases, listClosures, sendClosureNotice } from './closures.js';
/** Disputes about an application taken as 95598 orders. */
export { raiseDispute } from './disputes.js';
/** For the CTI screen-pop: the caller's connection applications (by phone or customer), with their schema. */
export { connectionsForCaller } from './cti-reads.js';
export { CallerApplicationSchema, type CallerApplication } from './schemas.js';
