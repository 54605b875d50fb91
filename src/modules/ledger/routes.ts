import { Type } from 'typebox';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import {
  AccountCreateBody,
  AccountSchema,
  ChartQuery,
  ChartSchema,
  ConsolidationSchema,
  EntryListQuery,
  EntryPageSchema,
  LedgerExportQuery,
  LedgerUnitSchema,
  ManualEntryBody,
  PeriodListQuery,
  PeriodParams,
  PeriodSchema,
  PostResultSchema,
  ReverseBody,
  TrialBalanceQuery,
  TrialBalanceSchema,
  XlsxFile,
} from './schemas.js';
import { createAccount, getChart } from './chart.js';
import { postManualEntry, reverseEntry } from './posting.js';
import { closePeriod, listPeriods } from './periods.js';
import { consolidation, listEntries, trialBalance } from './reports.js';
import { ledgerXlsx, trialBalanceXlsx } from './export.js';
import { listUnits } from './store.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['ledger'];

export function registerLedgerRoutes(app: App, { db }: AppContext) {
  app.get('/api/ledger/units', { config: { permission: 'ledger.read' }, schema: { tags, response: ok(Type.Array(LedgerUnitSchema)) } }, async (req) =>
    listUnits(db, principal(req)),
  );
  app.get(
    '/api/ledger/accounts',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: ChartQuery, response: ok(ChartSchema) } },
    async (req) => getChart(db, principal(req), req.query.orgUnitId),
  );
  app.post(
    '/api/ledger/accounts',
    { config: { permission: 'ledger.admin' }, schema: { tags, body: AccountCreateBody, response: ok(AccountSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createAccount(db, principal(req), req.body)),
  );
  app.get(
    '/api/ledger/entries',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: EntryListQuery, response: ok(EntryPageSchema) } },
    async (req) => listEntries(db, principal(req), req.query),
  );
  app.post(
    '/api/ledger/entries',
    { config: { permission: 'ledger.write' }, schema: { tags, body: ManualEntryBody, response: ok(PostResultSchema, 201) } },
    async (req, reply) => reply.status(201).send(await postManualEntry(db, principal(req), req.body)),
  );
  app.post(
    '/api/ledger/entries/:id/reverse',
    { config: { permission: 'ledger.write' }, schema: { tags, params: IdParams, body: ReverseBody, response: ok(PostResultSchema, 201) } },
    async (req, reply) => reply.status(201).send(await reverseEntry(db, principal(req), req.params.id, req.body)),
  );
  app.get(
    '/api/ledger/periods',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: PeriodListQuery, response: ok(Type.Array(PeriodSchema)) } },
    async (req) => listPeriods(db, principal(req), req.query.orgUnitId),
  );
  app.post(
    '/api/ledger/periods/:orgUnitId/:period/close',
    { config: { permission: 'ledger.admin' }, schema: { tags, params: PeriodParams, response: ok(PeriodSchema) } },
    async (req) => closePeriod(db, principal(req), req.params.orgUnitId, req.params.period),
  );
  app.get(
    '/api/ledger/trial-balance',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: TrialBalanceQuery, response: ok(TrialBalanceSchema) } },
    async (req) => trialBalance(db, principal(req), req.query.orgUnitId, req.query.period),
  );
  app.get(
    '/api/ledger/consolidation',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: TrialBalanceQuery, response: ok(ConsolidationSchema) } },
    async (req) => consolidation(db, principal(req), req.query.orgUnitId, req.query.period),
  );
  app.get(
    '/api/ledger/trial-balance.xlsx',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: TrialBalanceQuery, produces: [XLSX], response: ok(XlsxFile) } },
    async (req, reply) => {
      const { file, name } = await trialBalanceXlsx(db, principal(req), req.query.orgUnitId, req.query.period);
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
  app.get(
    '/api/ledger/ledger.xlsx',
    { config: { permission: 'ledger.read' }, schema: { tags, querystring: LedgerExportQuery, produces: [XLSX], response: ok(XlsxFile) } },
    async (req, reply) => {
      const { file, name } = await ledgerXlsx(db, principal(req), req.query.orgUnitId, req.query.period, req.query.accountCode);
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
}
