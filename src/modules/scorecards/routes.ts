/** The scorecards API (同业对标): thin routes, one use case each. */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { Type } from 'typebox';
import { INDICATOR_DEFS, INDICATORS } from './indicators.js';
import {
  ComputeBody,
  CurrentQuery,
  DrillParams,
  DrillQuery,
  DrillSchema,
  ExportQuery,
  IndicatorDefSchema,
  MAX_CSV_CHARS,
  PdfFile,
  RunListQuery,
  RunSchema,
  RunSummarySchema,
  SchemeCreateBody,
  SchemeSchema,
  TrendQuery,
  TrendSchema,
  VoltageImportBody,
  VoltageImportResultSchema,
  XlsxFile,
  ChecklistCreateBody,
  ChecklistSchema,
  ImageFile,
  InspectionCreateBody,
  InspectionListQuery,
  InspectionSchema,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PhotoParams,
  BoardSchema,
} from './schemas.js';
import { boardTile } from './board.js';
import { fileStoreOf } from '../../platform/file-store/index.js';
import { createChecklistVersion, getInspection, inspectionPhoto, listChecklists, listInspections, recordInspection } from './supervision.js';
import { computeRun, currentRun, getRun, listRuns, trend } from './runs.js';
import { drillDown } from './drilldown.js';
import { createSchemeVersion, listSchemes } from './schemes.js';
import { importVoltage } from './voltage.js';
import { runPdf, runXlsx } from './export.js';

const tags = ['scorecards'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

export function registerScorecardRoutes(app: App, { db, config }: AppContext) {
  const store = fileStoreOf(config);
  app.get(
    '/api/scorecards/indicators',
    {
      config: { permission: 'scorecards.read' },
      schema: { tags, description: '指标库 / the indicator library', response: ok(Type.Array(IndicatorDefSchema)) },
    },
    async () => INDICATORS.map((k) => INDICATOR_DEFS[k]),
  );
  app.get(
    '/api/scorecards/schemes',
    {
      config: { permission: 'scorecards.read' },
      schema: { tags, description: '评分方案（各版本）/ scoring schemes, all versions', response: ok(Type.Array(SchemeSchema)) },
    },
    async () => listSchemes(db),
  );
  app.post(
    '/api/scorecards/schemes',
    { config: { permission: 'scorecards.admin' }, schema: { tags, body: SchemeCreateBody, response: ok(SchemeSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createSchemeVersion(db, principal(req), req.body)),
  );
  app.post(
    '/api/scorecards/runs',
    {
      config: { permission: 'scorecards.compute' },
      schema: { tags, description: '计算对标评分 / compute a period’s scorecards', body: ComputeBody, response: ok(RunSchema, 201) },
    },
    async (req, reply) => reply.status(201).send(await computeRun(db, principal(req), req.body)),
  );
  app.get(
    '/api/scorecards/runs',
    { config: { permission: 'scorecards.read' }, schema: { tags, querystring: RunListQuery, response: ok(Type.Array(RunSummarySchema)) } },
    async (req) => listRuns(db, principal(req), req.query),
  );
  app.get(
    '/api/scorecards/current',
    {
      config: { permission: 'scorecards.read' },
      schema: { tags, description: '某期间最新的评分 / the latest run of a period', querystring: CurrentQuery, response: ok(RunSchema) },
    },
    async (req) => currentRun(db, principal(req), req.query),
  );
  app.get('/api/scorecards/runs/:id', { config: { permission: 'scorecards.read' }, schema: { tags, params: IdParams, response: ok(RunSchema) } }, async (req) =>
    getRun(db, principal(req), req.params.id),
  );
  app.get(
    '/api/scorecards/runs/:id/units/:unitId/indicators/:indicator/records',
    {
      config: { permission: 'scorecards.read' },
      schema: {
        tags,
        description: '指标下钻到工单/申请/呼叫/停电 / drill down to the records',
        params: DrillParams,
        querystring: DrillQuery,
        response: ok(DrillSchema),
      },
    },
    async (req) => drillDown(db, principal(req), req.params.id, req.params.unitId, req.params.indicator, req.query),
  );
  app.get(
    '/api/scorecards/trend',
    { config: { permission: 'scorecards.read' }, schema: { tags, querystring: TrendQuery, response: ok(TrendSchema) } },
    async (req) => trend(db, principal(req), req.query),
  );
  app.get(
    '/api/scorecards/runs/:id/export.xlsx',
    { config: { permission: 'scorecards.read' }, schema: { tags, params: IdParams, querystring: ExportQuery, produces: [XLSX], response: ok(XlsxFile) } },
    async (req, reply) => {
      const { file, name } = await runXlsx(db, principal(req), req.params.id, req.query.lang);
      return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
  app.get(
    '/api/scorecards/runs/:id/export.pdf',
    { config: { permission: 'scorecards.read' }, schema: { tags, params: IdParams, querystring: ExportQuery, produces: [PDF], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await runPdf(db, principal(req), req.params.id, req.query.lang);
      return reply.type(PDF).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
  app.post(
    '/api/scorecards/voltage-imports',
    {
      config: { permission: 'scorecards.admin' },
      bodyLimit: MAX_CSV_CHARS * 2 + 64 * 1024,
      schema: {
        tags,
        description: '电压监测数据导入（CSV）/ voltage monitoring import (CSV)',
        body: VoltageImportBody,
        response: ok(VoltageImportResultSchema, 201),
      },
    },
    async (req, reply) => reply.status(201).send(await importVoltage(db, principal(req), req.body)),
  );
  // supervision: checklists, inspections and secret visits (暗访) with photos
  app.get(
    '/api/scorecards/checklists',
    {
      config: { permission: 'scorecards.read' },
      schema: { tags, description: '检查表（各版本）/ checklists, all versions', response: ok(Type.Array(ChecklistSchema)) },
    },
    async () => listChecklists(db),
  );
  app.post(
    '/api/scorecards/checklists',
    { config: { permission: 'scorecards.admin' }, schema: { tags, body: ChecklistCreateBody, response: ok(ChecklistSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createChecklistVersion(db, principal(req), req.body)),
  );
  app.post(
    '/api/scorecards/inspections',
    {
      config: { permission: 'scorecards.inspect' },
      bodyLimit: MAX_PHOTOS * Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 256 * 1024,
      schema: {
        tags,
        description: '窗口检查/暗访记录（照片以 base64 上传）/ record an inspection or secret visit (photos as base64)',
        body: InspectionCreateBody,
        response: ok(InspectionSchema, 201),
      },
    },
    async (req, reply) => reply.status(201).send(await recordInspection(db, store, principal(req), req.body)),
  );
  app.get(
    '/api/scorecards/inspections',
    { config: { permission: 'scorecards.read' }, schema: { tags, querystring: InspectionListQuery, response: ok(Type.Array(InspectionSchema)) } },
    async (req) => listInspections(db, principal(req), req.query),
  );
  app.get(
    '/api/scorecards/inspections/:id',
    { config: { permission: 'scorecards.read' }, schema: { tags, params: IdParams, response: ok(InspectionSchema) } },
    async (req) => getInspection(db, principal(req), req.params.id),
  );
  app.get(
    '/api/scorecards/inspections/:id/photos/:photoId',
    { config: { permission: 'scorecards.read' }, schema: { tags, params: PhotoParams, produces: ['image/jpeg', 'image/png'], response: ok(ImageFile) } },
    async (req, reply) => {
      const ph = await inspectionPhoto(db, store, principal(req), req.params.id, req.params.photoId);
      return reply.type(ph.mime).header('content-disposition', `inline; filename="photo-${req.params.photoId}"`).send(ph.content);
    },
  );
  app.get(
    '/api/scorecards/board',
    {
      config: { permission: 'scorecards.read' },
      schema: { tags, description: '监察看板：本月装表接电超期率、抢修超时及待整改问题 / supervisor board tile', response: ok(BoardSchema) },
    },
    async (req) => boardTile(db, principal(req)),
  );
}
