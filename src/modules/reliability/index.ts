/** The public face of the reliability module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { registerReliabilityRoutes } from './routes.js';
/** For the benchmarking scorecards: RS-1's customer-seconds and customers of a set of units. */
export { rs1Figures, rs1FiguresByUnits } from './scorecard-figures.js';
