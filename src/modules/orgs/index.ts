/** The public face of the orgs module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { registerOrgRoutes } from './routes.js';
export { insertOrgUnit } from './service.js';
export { coversOrgPath, findOrgUnit, findOrgUnitInScope, inOrgScope, inRowOrgScope, orgUnitField, orgUnitIdsUnder, orgUnitRefsUnder } from './org-scope.js';
export type { OrgUnitField, OrgUnitRef } from './org-scope.js';
export { getOrgUnit, getOrgUnitByCode } from './service.js';
