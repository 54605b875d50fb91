/** Registers the routes of outages and repair: outages, planned outages and crews (reliability registers its own in src/http/app.ts). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { registerOutageRoutes } from './lifecycle/outage-routes.js';
import { registerOutageAdminRoutes } from './admin/admin-routes.js';
import { registerCrewRoutes } from '../crews/index.js';
import { registerPlannedRoutes } from './planned/planned-routes.js';

export function registerOutagesAndRepair(app: FastifyInstance, ctx: AppContext) {
  registerOutageRoutes(app, ctx);
  registerOutageAdminRoutes(app, ctx);
  registerCrewRoutes(app, ctx);
  registerPlannedRoutes(app, ctx);
}
