import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import {
  BillingAccountQuery,
  BillingAccountSchema,
  PublicTariffQuery,
  PublicTariffsSchema,
  SimulateBody,
  SimulateResultSchema,
  TariffListQuery,
  TariffVersionCreateBody,
  TariffVersionCreated,
  TariffVersionRecord,
} from './schemas.js';
import { createTariffVersion, findBillingAccounts, getTariffVersion, listTariffsInForce, publicTariffs, simulate } from './service.js';

export function registerBillingRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/billing/tariffs',
    { config: { permission: 'billing.read' }, schema: { tags: ['billing'], querystring: TariffListQuery, response: ok(Type.Array(TariffVersionRecord)) } },
    async (req) => listTariffsInForce(db, req.query),
  );
  app.get(
    '/api/billing/tariffs/:id',
    { config: { permission: 'billing.read' }, schema: { tags: ['billing'], params: IdParams, response: ok(TariffVersionRecord) } },
    async (req) => getTariffVersion(db, req.params.id),
  );
  app.post(
    '/api/billing/tariffs',
    { config: { permission: 'tariffs.admin' }, schema: { tags: ['billing'], body: TariffVersionCreateBody, response: ok(TariffVersionCreated, 201) } },
    async (req, reply) => reply.status(201).send(await createTariffVersion(db, principal(req), req.body)),
  );
  app.post(
    '/api/billing/simulate',
    { config: { permission: 'billing.read' }, schema: { tags: ['billing'], body: SimulateBody, response: ok(SimulateResultSchema) } },
    async (req) => simulate(db, principal(req), req.body),
  );
  // the simulator's account picker (户号 prefix, in scope)
  app.get(
    '/api/billing/accounts',
    { config: { permission: 'billing.read' }, schema: { tags: ['billing'], querystring: BillingAccountQuery, response: ok(Type.Array(BillingAccountSchema)) } },
    async (req) => findBillingAccounts(db, principal(req), req.query.q),
  );
  // the public tariff notice (信息发布): no login, the tables in force
  app.get(
    '/api/public/tariffs',
    { config: { public: true }, schema: { tags: ['portal'], querystring: PublicTariffQuery, response: ok(PublicTariffsSchema) } },
    async (req) => publicTariffs(db, req.query.on),
  );
}
