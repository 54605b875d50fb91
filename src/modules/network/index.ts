/** The public face of the network module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { registerNetworkRoutes } from './routes.js';
export { servicePointsUnder } from './trace.js';
