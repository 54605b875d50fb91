/** The public face of the workorders module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { startServiceDeskBackground } from './background.js';
export { recordCallback } from './callbacks.js';
export type { CallbackResult } from './callbacks.js';
export { CHANNELS, URGENCIES } from './catalog.js';
export type { Channel, Urgency } from './catalog.js';
export { ctiLookup } from './cti.js';
export { intakeOrder } from './intake.js';
export type { IntakeInput } from './intake.js';
export type { ReportedLocation } from './location-rules.js';
export { registerServiceDesk } from './register.js';
export { CtiQuery, LocationBody } from './schemas.js';
export { IdempotencyHeaders, IntakeBody } from './schemas.js';
export { ensureWorkorderDefaults } from './seed-defaults.js';
export { transitionOrder } from './transitions.js';
export type { TransitionBody } from './transitions.js';
