/** The public face of the analytics module (service quality: call centre): what other modules, the HTTP layer, the CLI, the seed and the benches use. */
export { registerAnalyticsRoutes } from './routes.js';
export { importFile, followStep, scanLines, seedCallCentre, type FileImportResult, type FollowStep } from './import.js';
export { QueueLogReader } from './calls-rules.js';
export type { ImportOwner } from './import-store.js';
export { generateQueueLog, writeQueueLog, type DemoLogOptions } from './demo-log.js';
export { callsByCtiId, type CallWithOrders } from './call-lookup.js';
/** For the benchmarking scorecards: call counts per org path (the KPI policy's definitions) and the calls behind them. */
export {
  CALL_MEASURES,
  callMeasureByPath,
  callMeasureByPathRaw,
  callMeasureRecords,
  callMeasureRecordsRaw,
  ensureCallRollup,
  type CallMeasure,
} from './scorecard-reads.js';
