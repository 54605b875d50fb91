/** The public face of the outages module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { ACCEPTANCE_WATCH_QUEUE, warnUnacceptedAssignments } from './dispatch/acceptance-watch.js';
export { registerCtiRoute } from './portal/cti-route.js';
export { receiveFaultOrder } from './workflows/fault-order-to-trouble-call.js';
export { followOutageStep } from './workflows/outage-step-moves-orders.js';
export { actOnOutage } from './lifecycle/outage-actions.js';
export type { ActionInput } from './lifecycle/outage-actions.js';
export { outageServices } from './grouping/outage-services.js';
export { createPlan } from './planned/planned-service.js';
export { registerPortalFaultRoute } from './portal/portal-fault-route.js';
export { registerOutagesAndRepair } from './register.js';
/** For the benchmarking scorecards: the outages behind a unit's reliability figure (drill-down). */
export { outagesForReliability } from './quality/scorecard-reads.js';
