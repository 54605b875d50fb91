/** The public face of the reliability module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { registerReliabilityRoutes } from './routes.js';
