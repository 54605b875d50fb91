/**
 * Registers everything of the 95598 service desk (work orders, CTI, callbacks, SLA/calendar
 * admin, knowledge base) and seeds its defaults (policies, calendar from chinese-days) once per
 * database when the app becomes ready.
 */
import type { App } from '../../../http/typed.js';
import type { AppContext } from '../../../http/context.js';
import { registerKnowledgeRoutes } from '../../knowledge/index.js';
import { registerWorkorderRoutes } from './routes.js';
import { registerWorkorderServiceRoutes } from './routes-service.js';
import { registerPortalRoutes } from './routes-portal.js';
import { registerNotifyRoutes } from './routes-notify.js';
import { ensureWorkorderDefaults } from '../sla/seed-defaults.js';

export function registerServiceDesk(app: App, ctx: AppContext) {
  registerWorkorderRoutes(app, ctx);
  registerWorkorderServiceRoutes(app, ctx);
  registerPortalRoutes(app, ctx);
  registerNotifyRoutes(app, ctx);
  registerKnowledgeRoutes(app, ctx);
  app.addHook('onReady', async () => {
    await ensureWorkorderDefaults(ctx.db);
  });
}
