/** The public face of the satisfaction module (docs/satisfaction.md): what the HTTP layer, the seed and other modules use. */
export { registerSatisfactionRoutes } from './routes.js';
export { importIvr, recordEndOfCall } from './responses.js';
export { createSurvey, publishSurvey, inviteForSurvey } from './surveys.js';
export { answerPublicSurvey } from './public-survey.js';
export { indicatorValue } from './analysis.js';
export { createPlan, movePlan } from './plans.js';
export { DEFAULT_SATISFACTION_POLICY } from './score-rules.js';
export type { SatisfactionPolicy } from './score-rules.js';
