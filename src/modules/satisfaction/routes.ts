/** The satisfaction API: thin routes, one use case each. */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok, oks } from '../../http/schemas.js';
import { PageOf } from '../../platform/schema.js';
import {
  ActionBody,
  ActionDoneBody,
  ActionParams,
  AnalysisQuery,
  AnswerBody,
  AnswerReceiptSchema,
  DashboardSchema,
  EndOfCallBody,
  InvitationRunSchema,
  InviteBody,
  IvrImportBody,
  IvrImportSchema,
  MoveBody,
  PlanBody,
  PlanListQuery,
  PlanSchema,
  PolicySchema,
  PublicSurveySchema,
  ResponseListQuery,
  ResponseSchema,
  ResponseStoredSchema,
  SurveyBody,
  SurveyListQuery,
  SurveyResultsSchema,
  SurveySchema,
  TokenParams,
} from './schemas.js';
import { Type } from 'typebox';
import { getPolicy, updatePolicy } from './settings.js';
import { importIvr, listIvrImports, listResponses, recordEndOfCall } from './responses.js';
import { createSurvey, getSurvey, inviteForSurvey, listSurveys, publishSurvey, retireSurvey, surveyResults, updateSurvey } from './surveys.js';
import { answerPublicSurvey, getPublicSurvey } from './public-survey.js';
import { dashboard } from './analysis.js';
import { addAction, completeAction, createPlan, getPlan, listPlans, movePlan, remeasure } from './plans.js';

const tags = ['satisfaction'];
/** Requests per minute and address on the public survey page (the same mechanism as the login's limit). */
export const PUBLIC_SURVEY_RATE_PER_MINUTE = 30;

export function registerSatisfactionRoutes(app: App, { db }: AppContext) {
  const read = { permission: 'analytics.read' } as const;
  const admin = { permission: 'satisfaction.admin' } as const;
  app.get('/api/satisfaction/settings', { config: read, schema: { tags, response: ok(PolicySchema) } }, async () => getPolicy(db));
  app.put('/api/satisfaction/settings', { config: admin, schema: { tags, body: PolicySchema, response: ok(PolicySchema) } }, async (req) =>
    updatePolicy(db, principal(req), req.body),
  );
  app.get('/api/satisfaction/dashboard', { config: read, schema: { tags, querystring: AnalysisQuery, response: ok(DashboardSchema) } }, async (req) =>
    dashboard(db, principal(req), req.query),
  );
  app.get(
    '/api/satisfaction/responses',
    { config: read, schema: { tags, querystring: ResponseListQuery, response: ok(PageOf(ResponseSchema)) } },
    async (req) => listResponses(db, principal(req), req.query),
  );
  app.post(
    '/api/satisfaction/end-of-call',
    {
      config: { permission: 'workorders.callback' },
      schema: { tags, body: EndOfCallBody, response: oks({ 200: ResponseStoredSchema, 201: ResponseStoredSchema }) },
    },
    async (req, reply) => {
      const r = await recordEndOfCall(db, principal(req), req.body);
      return reply.status(r.stored ? 201 : 200).send(r);
    },
  );
  app.get('/api/satisfaction/ivr-imports', { config: read, schema: { tags, response: ok(Type.Array(IvrImportSchema)) } }, async (req) =>
    listIvrImports(db, principal(req)),
  );
  app.post(
    '/api/satisfaction/ivr-imports',
    {
      config: admin,
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags,
        description: '导入 IVR 按键评价文件（CSV: call_id,rated_at,key）/ import post-call IVR ratings',
        body: IvrImportBody,
        response: oks({ 200: IvrImportSchema, 201: IvrImportSchema }),
      },
    },
    async (req, reply) => {
      const r = await importIvr(db, principal(req), req.body);
      return reply.status(r.replayed ? 200 : 201).send(r);
    },
  );
  // surveys
  app.get('/api/satisfaction/surveys', { config: read, schema: { tags, querystring: SurveyListQuery, response: ok(PageOf(SurveySchema)) } }, async (req) =>
    listSurveys(db, principal(req), req.query),
  );
  app.get('/api/satisfaction/surveys/:id', { config: read, schema: { tags, params: IdParams, response: ok(SurveySchema) } }, async (req) =>
    getSurvey(db, principal(req), req.params.id),
  );
  app.get('/api/satisfaction/surveys/:id/results', { config: read, schema: { tags, params: IdParams, response: ok(SurveyResultsSchema) } }, async (req) =>
    surveyResults(db, principal(req), req.params.id),
  );
  app.post('/api/satisfaction/surveys', { config: admin, schema: { tags, body: SurveyBody, response: ok(SurveySchema, 201) } }, async (req, reply) =>
    reply.status(201).send(await createSurvey(db, principal(req), req.body)),
  );
  app.put('/api/satisfaction/surveys/:id', { config: admin, schema: { tags, params: IdParams, body: SurveyBody, response: ok(SurveySchema) } }, async (req) =>
    updateSurvey(db, principal(req), req.params.id, req.body),
  );
  app.post('/api/satisfaction/surveys/:id/publish', { config: admin, schema: { tags, params: IdParams, response: ok(SurveySchema) } }, async (req) =>
    publishSurvey(db, principal(req), req.params.id),
  );
  app.post('/api/satisfaction/surveys/:id/retire', { config: admin, schema: { tags, params: IdParams, response: ok(SurveySchema) } }, async (req) =>
    retireSurvey(db, principal(req), req.params.id),
  );
  app.post(
    '/api/satisfaction/surveys/:id/invitations',
    { config: admin, schema: { tags, params: IdParams, body: InviteBody, response: ok(InvitationRunSchema) } },
    async (req) => inviteForSurvey(db, principal(req), req.params.id, req.body.orderIds),
  );
  // the public answer page (no login): signed single-use links, rate-limited
  const publicCfg = { public: true, rateLimit: { max: PUBLIC_SURVEY_RATE_PER_MINUTE, timeWindow: '1 minute' } } as const;
  app.get('/api/public/surveys/:token', { config: publicCfg, schema: { tags, params: TokenParams, response: ok(PublicSurveySchema) } }, async (req) =>
    getPublicSurvey(db, req.params.token),
  );
  app.post(
    '/api/public/surveys/:token',
    { config: publicCfg, schema: { tags, params: TokenParams, body: AnswerBody, response: ok(AnswerReceiptSchema, 201) } },
    async (req, reply) => reply.status(201).send(await answerPublicSurvey(db, req.params.token, req.body.answers, req.ip, req.headers['user-agent'] ?? null)),
  );
  // improvement plans (PDCA)
  app.get('/api/satisfaction/plans', { config: read, schema: { tags, querystring: PlanListQuery, response: ok(PageOf(PlanSchema)) } }, async (req) =>
    listPlans(db, principal(req), req.query),
  );
  app.get('/api/satisfaction/plans/:id', { config: read, schema: { tags, params: IdParams, response: ok(PlanSchema) } }, async (req) =>
    getPlan(db, principal(req), req.params.id),
  );
  app.post('/api/satisfaction/plans', { config: admin, schema: { tags, body: PlanBody, response: ok(PlanSchema, 201) } }, async (req, reply) =>
    reply.status(201).send(await createPlan(db, principal(req), req.body)),
  );
  app.post(
    '/api/satisfaction/plans/:id/actions',
    { config: admin, schema: { tags, params: IdParams, body: ActionBody, response: ok(PlanSchema, 201) } },
    async (req, reply) => reply.status(201).send(await addAction(db, principal(req), req.params.id, req.body)),
  );
  app.post(
    '/api/satisfaction/plans/:id/actions/:actionId/done',
    { config: admin, schema: { tags, params: ActionParams, body: ActionDoneBody, response: ok(PlanSchema) } },
    async (req) => completeAction(db, principal(req), req.params.id, req.params.actionId, req.body.doneOn),
  );
  app.post('/api/satisfaction/plans/:id/move', { config: admin, schema: { tags, params: IdParams, body: MoveBody, response: ok(PlanSchema) } }, async (req) =>
    movePlan(db, principal(req), req.params.id, req.body.to, req.body.version),
  );
  app.post(
    '/api/satisfaction/plans/:id/measurements',
    { config: admin, schema: { tags, params: IdParams, response: ok(PlanSchema, 201) } },
    async (req, reply) => reply.status(201).send(await remeasure(db, principal(req), req.params.id)),
  );
}
