/** The service territory: read by staff (maps, checks), replaced by an administrator (audited); the setting itself is platform/geo. */
import type { App } from '../typed.js';
import type { AppContext } from '../context.js';
import { principal } from '../auth.js';
import { ok } from '../schemas.js';
import { actorOf } from '../../modules/identity/index.js';
import { readTerritory, replaceTerritory } from '../../platform/geo/territory.js';
import { TerritoryAnswer, TerritoryPutBody, TerritorySaved } from '../../platform/geo/schemas.js';

export function registerTerritoryRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/territory',
    { config: { permission: 'network.read' }, schema: { tags: ['platform'], description: '供电辖区 / the service territory', response: ok(TerritoryAnswer) } },
    async () => readTerritory(db),
  );

  app.put(
    '/api/territory',
    { config: { permission: 'territory.admin' }, schema: { tags: ['platform'], body: TerritoryPutBody, response: ok(TerritorySaved) } },
    async (req) => replaceTerritory(db, actorOf(principal(req)), req.body.territory),
  );
}
