/** Registers the routes of outages and repair: outages, trouble calls, administration, planned outages and crews (reliability registers its own in src/http/app.ts). */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { registerOutageRoutes } from './lifecycle/outage-routes.js';
import { registerCallRoutes } from './calls/call-routes.js';
import { registerOutageAdminRoutes } from './admin/admin-routes.js';
import { registerCrewRoutes } from '../crews/index.js';
import { registerPlannedRoutes } from './planned/planned-routes.js';

export function registerOutagesAndRepair(app: App, ctx: AppContext) {
  registerOutageRoutes(app, ctx);
  registerCallRoutes(app, ctx);
  registerOutageAdminRoutes(app, ctx);
  registerCrewRoutes(app, ctx);
  registerPlannedRoutes(app, ctx);
}
