/** The public face of the scorecards module (同业对标): what the HTTP layer, the seed and the benches use. */
export { registerScorecardRoutes } from './routes.js';
export { computeRun, currentRun, getRun } from './runs.js';
export { drillDown } from './drilldown.js';
export { importVoltage, parseVoltageCsv } from './voltage.js';
export { INDICATORS, INDICATOR_DEFS, type Indicator } from './indicators.js';
export { recordInspection, listChecklists, openFindings } from './supervision.js';
/** Inspection photos' bytes into the file store: the data step before migration 733 (src/data-steps.ts). */
export { movePhotosToStore, photosToStoreStep } from './photo-store.js';
