/** GET /api/health: public; answers 200 when the app and its database answer (load balancers, monitoring). */
import { Type } from 'typebox';
import type { App } from '../typed.js';
import type { AppContext } from '../context.js';
import { DateTime, ok } from '../schemas.js';
import { ping } from '../../db/pool.js';

export const HealthSchema = Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok'), time: DateTime() });

export function registerHealthRoute(app: App, { db }: AppContext) {
  app.get('/api/health', { config: { public: true }, schema: { tags: ['ops'], response: ok(HealthSchema) } }, async () => {
    await ping(db);
    return { status: 'ok' as const, database: 'ok' as const, time: new Date().toISOString() };
  });
}
