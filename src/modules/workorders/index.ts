/** The public face of the workorders module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { startServiceDeskBackground } from './sla/background.js';
export { recordCallback } from './callbacks/callbacks.js';
export type { CallbackResult } from './callbacks/callbacks.js';
export { CHANNELS, URGENCIES } from './orders/catalog.js';
export type { Channel, Urgency } from './orders/catalog.js';
export { ctiLookup } from './queue/cti.js';
export { intakeOrder } from './intake/intake.js';
export type { IntakeInput } from './intake/intake.js';
export type { ReportedLocation } from './intake/location-rules.js';
export { registerServiceDesk } from './api/register.js';
export { CtiQuery, LocationBody } from './api/schemas.js';
export { ensureWorkorderDefaults } from './sla/seed-defaults.js';
export { transitionOrder } from './lifecycle/transitions.js';
export type { TransitionBody } from './lifecycle/transitions.js';
