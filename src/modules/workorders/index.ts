/** The public face of the workorders module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { startServiceDeskBackground } from './sla/background.js';
export { recordCallback } from './callbacks/callbacks.js';
export { CHANNELS, URGENCIES } from './orders/catalog.js';
export type { CallbackResult, Channel, Urgency } from './orders/catalog.js';
export { ctiLookup } from './queue/cti.js';
export { intakeOrder, replayedOrderId } from './intake/intake.js';
export { registerServiceDesk } from './api/register.js';
export { ensureWorkorderDefaults } from './sla/seed-defaults.js';
export { transitionOrder } from './lifecycle/transitions.js';
/** For connections: a phone consultation that became an application (checked and noted on the order, in the caller's transaction). */
export { linkConsultation } from './orders/consultation-link.js';
/** For connections: a dispute about an application taken as an order — the order's note naming it, the orders' states for the application. */
export { noteLinkedApplication, orderStates, type OrderState } from './orders/connection-links.js';
/**
 * Contract pieces for modules that take or show work orders the same way (the outages module's
 * fault orders and CTI screen-pop): the intake fields one by one (`Body({ ...IntakeFields,
 * description: Text(2000) })` for other limits), the order as the API shows it, intake's answer.
 */
export {
  ChannelSchema,
  CtiLookupSchema,
  CtiQuery,
  DuplicateOrderSchema,
  IdempotencyHeaders,
  IntakeBody,
  IntakeFields,
  IntakeResultSchema,
  LocationBody,
  OrderSchema,
  OrderTypeSchema,
  TransitionBodySchema,
  UrgencySchema,
} from './schemas.js';
export type { CtiLookup, IntakeInput, OrderView, ReportedLocation, TransitionBody } from './schemas.js';
/** Reads for the satisfaction module: an order's segment facts, survey candidates, callback results. */
export { callbackResults, orderSatisfactionFacts, surveyCandidates } from './orders/satisfaction-reads.js';
export type { CallbackFact, OrderSatisfactionFacts } from './orders/satisfaction-reads.js';
/** For the benchmarking scorecards: order counts per org path and the orders behind them. */
export {
  ORDER_MEASURES,
  ensureOrderRollup,
  orderMeasureByPath,
  orderMeasureByPathRaw,
  orderMeasureRecords,
  orderMeasureRecordsRaw,
  type OrderMeasure,
} from './orders/scorecard-reads.js';
/** For the call centre: the orders created from CTI calls (the call id taken at intake). */
export { ordersByCtiCallIds, type CallOrderRef } from './orders/cti-calls.js';
