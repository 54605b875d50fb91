/** Registers the connections routes and seeds the module's defaults once per database when the app becomes ready. */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { ensureConnectionDefaults } from './defaults.js';
import { registerConnectionRoutes } from './routes.js';

export function registerConnections(app: App, ctx: AppContext) {
  registerConnectionRoutes(app, ctx);
  app.addHook('onReady', async () => {
    await ensureConnectionDefaults(ctx.db);
  });
}
