/** The public face of the identity module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { hashPassword } from './passwords.js';
export type { Permission, Role } from './permissions.js';
export { actorOf, allows, inScope } from './principal.js';
export type { Principal } from './principal.js';
export { registerIdentityRoutes } from './routes.js';
export { SessionCache, registerSessionCache } from './session-cache.js';
export { principalFromSession, principalFromToken } from './sessions.js';
export { findStaffUserInScope } from './user-lookup.js';
