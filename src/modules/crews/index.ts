/** The public face of the crews module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { suggestCrews } from './crew-dispatch.js';
export { dispatchPolicy } from './crew-policies.js';
export { isCrewMember, requireCrewInScope, setCrewStatus } from './crew-store.js';
export { registerCrewRoutes } from './routes.js';
