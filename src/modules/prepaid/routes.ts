/** Prepaid routes (docs/prepaid.md, API). Thin: schema → one use case → reply. */
import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { ok } from '../../http/schemas.js';
import {
  AccountDetailSchema,
  AccountListQuery,
  AccountListSchema,
  AccountParams,
  CallbackReplySchema,
  DashboardSchema,
  EnrollBody,
  HeadEndCallbackBody,
  PassBody,
  PassResultSchema,
  PrepaidAccountSchema,
  PricePlanListSchema,
  ThresholdBody,
  UsageBody,
  UsageResultSchema,
  WorkResultSchema,
} from './schemas.js';
import { accountDetail, dashboard, enrollAccount, listAccounts, listPricePlans, myPrepaidAccounts, setThreshold, storeUsage } from './accounts.js';
import { runDailyPassAs } from './daily-pass.js';
import { handleHeadEndCallback, headEndSettings, workCommandsAs } from './commands.js';

export function registerPrepaidRoutes(app: App, { db, config }: AppContext) {
  const tags = ['prepaid'];
  const headEnd = () => headEndSettings(config);
  app.get('/api/prepaid/dashboard', { config: { permission: 'prepaid.read' }, schema: { tags, response: ok(DashboardSchema) } }, async (req) =>
    dashboard(db, principal(req), headEnd() !== null),
  );
  app.get(
    '/api/prepaid/accounts',
    { config: { permission: 'prepaid.read' }, schema: { tags, querystring: AccountListQuery, response: ok(AccountListSchema) } },
    async (req) => listAccounts(db, principal(req), req.query),
  );
  app.get(
    '/api/prepaid/accounts/:accountId',
    { config: { permission: 'prepaid.read' }, schema: { tags, params: AccountParams, response: ok(AccountDetailSchema) } },
    async (req) => accountDetail(db, principal(req), req.params.accountId),
  );
  app.get('/api/prepaid/plans', { config: { permission: 'prepaid.read' }, schema: { tags, response: ok(PricePlanListSchema) } }, async () =>
    listPricePlans(db),
  );
  app.post(
    '/api/prepaid/accounts',
    { config: { permission: 'prepaid.write' }, schema: { tags, body: EnrollBody, response: ok(PrepaidAccountSchema, 201) } },
    async (req, reply) => reply.status(201).send(await enrollAccount(db, principal(req), req.body)),
  );
  app.put(
    '/api/prepaid/accounts/:accountId/threshold',
    { config: { permission: 'prepaid.write' }, schema: { tags, params: AccountParams, body: ThresholdBody, response: ok(PrepaidAccountSchema) } },
    async (req) => setThreshold(db, principal(req), req.params.accountId, req.body.thresholdFen),
  );
  app.post('/api/prepaid/usage', { config: { permission: 'prepaid.write' }, schema: { tags, body: UsageBody, response: ok(UsageResultSchema) } }, async (req) =>
    storeUsage(db, principal(req), req.body.days),
  );
  app.post(
    '/api/prepaid/daily-pass',
    { config: { permission: 'prepaid.admin' }, schema: { tags, body: PassBody, response: ok(PassResultSchema) } },
    async (req) => runDailyPassAs(db, principal(req), req.body.day),
  );
  app.post('/api/prepaid/commands/work', { config: { permission: 'prepaid.admin' }, schema: { tags, response: ok(WorkResultSchema) } }, async (req) =>
    workCommandsAs(db, principal(req), headEnd()),
  );
  app.post(
    '/api/prepaid/head-end/callback',
    { config: { public: true }, schema: { tags, body: HeadEndCallbackBody, response: ok(CallbackReplySchema) } },
    async (req) => handleHeadEndCallback(db, headEnd(), req.body),
  );
  // portal: the customer's own prepaid accounts (top-up goes through the online payment: POST /api/portal/payments/orders)
  app.get('/api/portal/prepaid', { config: { permission: 'self.read' }, schema: { tags, response: ok(Type.Array(PrepaidAccountSchema)) } }, async (req) =>
    myPrepaidAccounts(db, principal(req)),
  );
  app.get(
    '/api/portal/prepaid/:accountId',
    { config: { permission: 'self.read' }, schema: { tags, params: AccountParams, response: ok(AccountDetailSchema) } },
    async (req) => accountDetail(db, principal(req), req.params.accountId),
  );
  app.put(
    '/api/portal/prepaid/:accountId/threshold',
    { config: { permission: 'portal.submit' }, schema: { tags, params: AccountParams, body: ThresholdBody, response: ok(PrepaidAccountSchema) } },
    async (req) => setThreshold(db, principal(req), req.params.accountId, req.body.thresholdFen),
  );
}
