/** The analytics API: thin routes, one use case each. */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import {
  CallLinkBody,
  CallLinkSchema,
  CallPage,
  CallsQuery,
  ErlangQuery,
  ErlangResultSchema,
  ForecastQuery,
  ForecastSchema,
  ImportDetailSchema,
  ImportListQuery,
  ImportSummarySchema,
  ImportUploadBody,
  KpiQuery,
  KpiReportSchema,
  MAX_UPLOAD_BYTES,
  SettingsBody,
  SettingsSchema,
} from './schemas.js';
import { PageOf } from '../../platform/schema.js';
import { importUpload } from './import.js';
import { getImport, listImports } from './imports.js';
import { erlang, forecastDay, kpiReport, linkCall, listCalls } from './reports.js';
import { getSettings, updateSettings } from './settings.js';

const tags = ['analytics'];

export function registerAnalyticsRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/analytics/imports',
    { config: { permission: 'analytics.read' }, schema: { tags, querystring: ImportListQuery, response: ok(PageOf(ImportSummarySchema)) } },
    async (req) => listImports(db, principal(req).orgPath, req.query),
  );
  app.get(
    '/api/analytics/imports/:id',
    { config: { permission: 'analytics.read' }, schema: { tags, params: IdParams, response: ok(ImportDetailSchema) } },
    async (req) => getImport(db, principal(req).orgPath, req.params.id),
  );
  app.post(
    '/api/analytics/imports',
    {
      config: { permission: 'analytics.admin' },
      // JSON escapes may double the text's size on the wire; the schema bounds the text itself
      bodyLimit: MAX_UPLOAD_BYTES * 2 + 64 * 1024,
      schema: {
        tags,
        description: '上传话务日志（Asterisk queue_log 或通用 CSV）/ upload a call log (Asterisk queue_log or the generic CSV)',
        body: ImportUploadBody,
        response: ok(ImportDetailSchema, 201),
      },
    },
    async (req, reply) => reply.status(201).send(await importUpload(db, principal(req), req.body)),
  );
  app.get(
    '/api/analytics/kpis',
    {
      config: { permission: 'analytics.read' },
      schema: { tags, description: '话务指标 / call-centre KPIs by interval, queue and agent', querystring: KpiQuery, response: ok(KpiReportSchema) },
    },
    async (req) => kpiReport(db, principal(req), req.query),
  );
  app.get(
    '/api/analytics/calls',
    { config: { permission: 'analytics.read' }, schema: { tags, querystring: CallsQuery, response: ok(CallPage) } },
    async (req) => listCalls(db, principal(req), req.query),
  );
  app.post(
    '/api/analytics/call-links',
    {
      config: { permission: 'cti.lookup' },
      schema: {
        tags,
        description: '来电与工单关联（CTI 在弹屏受理后调用）/ link a CTI call id to the work order it produced',
        body: CallLinkBody,
        response: ok(CallLinkSchema, 201),
      },
    },
    async (req, reply) => reply.status(201).send(await linkCall(db, principal(req), req.body)),
  );
  app.get(
    '/api/analytics/staffing/erlang',
    {
      config: { permission: 'analytics.read' },
      schema: { tags, description: 'Erlang C 排班计算 / Erlang C staffing', querystring: ErlangQuery, response: ok(ErlangResultSchema) },
    },
    async (req) => erlang(req.query),
  );
  app.get(
    '/api/analytics/staffing/forecast',
    {
      config: { permission: 'analytics.read' },
      schema: { tags, description: '话务预测与实际在岗 / forecast vs actual staffing for a day', querystring: ForecastQuery, response: ok(ForecastSchema) },
    },
    async (req) => forecastDay(db, principal(req), req.query),
  );
  app.get('/api/analytics/settings', { config: { permission: 'analytics.read' }, schema: { tags, response: ok(SettingsSchema) } }, async () => getSettings(db));
  app.put(
    '/api/analytics/settings',
    { config: { permission: 'analytics.admin' }, schema: { tags, body: SettingsBody, response: ok(SettingsSchema) } },
    async (req) => updateSettings(db, principal(req), req.body),
  );
}
