/** The public face of the outages module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { ACCEPTANCE_WATCH_QUEUE, warnUnacceptedAssignments } from './acceptance-watch.js';
export { registerCtiRoute } from './cti-route.js';
export { followOutageStep, receiveFaultOrder } from './linked-orders.js';
export { actOnOutage } from './outage-actions.js';
export type { ActionInput } from './outage-actions.js';
export { outageServices } from './outage-services.js';
export { createPlan } from './planned-service.js';
export { registerPortalFaultRoute } from './portal-fault-route.js';
export { registerOutagesAndRepair } from './register.js';
