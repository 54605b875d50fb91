/**
 * Assembles the HTTP application: security headers, cookies, validation, auth, OpenAPI,
 * health and metrics, each module's routes, and the built web console.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { AppContext } from './context.js';
import { installValidation } from './validation.js';
import { installSerialization } from './serialization.js';
import { installSecurityHeaders } from './security-headers.js';
import { installAuth, type RouteRecord } from './auth.js';
import { registerSessionCache, SessionCache } from '../modules/identity/index.js';
import { AppError, DomainError, errorBody, fromDomain } from './errors.js';
import { fromPgError } from './db-errors.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from './typed.js';
import { installMetrics } from './metrics.js';
import { maskInText } from '../platform/pii.js';
import { registerIdentityRoutes } from '../modules/identity/index.js';
import { registerOrgRoutes } from '../modules/orgs/index.js';
import { registerCustomerRoutes } from '../modules/customers/index.js';
import { registerNetworkRoutes } from '../modules/network/index.js';
import { registerAuditRoutes } from './platform-routes/audit-routes.js';
import { registerTerritoryRoutes } from './platform-routes/territory-routes.js';
import { registerHealthRoute } from './platform-routes/health-routes.js';
import { registerOutagesAndRepair } from '../modules/outages/index.js';
import { registerReliabilityRoutes } from '../modules/reliability/index.js';
import { registerServiceDesk } from '../modules/workorders/index.js';
import { registerCtiRoute } from '../modules/outages/index.js';
import { registerPortalFaultRoute } from '../modules/outages/index.js';
import { registerBillingRoutes } from '../modules/billing/index.js';
import { registerAnalyticsRoutes } from '../modules/analytics/index.js';
import { registerConnections } from '../modules/connections/index.js';
import { onBillsReleased, registerBillRunRoutes, registerPortalBillRoutes } from '../modules/billing/index.js';
import { registerLedgerRoutes } from '../modules/ledger/index.js';
import { registerSatisfactionRoutes } from '../modules/satisfaction/index.js';
// benchmarking scorecards (同业对标)
import { registerScorecardRoutes } from '../modules/scorecards/index.js';
import { applyCreditOnRelease, registerPaymentRoutes } from '../modules/payments/index.js';
import { registerCollectionRoutes } from '../modules/collection/index.js';
import { registerPrepaidRoutes } from '../modules/prepaid/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDist = [path.resolve(here, '../../web-dist'), path.resolve(here, '../../../web-dist')].find((d) => fs.existsSync(d));

export interface BuiltApp {
  app: App;
  routes: RouteRecord[];
}

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: ctx.config.logLevel,
          redact: ['req.headers.cookie', 'req.headers.authorization'],
          // personal data never reaches the log: phone and ID numbers in URLs are masked
          serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: maskInText(req.url), ip: req.ip }) },
        }
      : false,
    bodyLimit: 1024 * 1024,
    // a path parameter may be as long as its schema allows (signed survey links: 200); longer ones are refused below
    routerOptions: { maxParamLength: 500 },
    trustProxy: true,
    // a URL the router cannot decode (`/api/outages/%FF`) answers in the one error format too
    frameworkErrors: (err, req: FastifyRequest, reply: FastifyReply) => {
      const lang = String(req.headers['accept-language'] ?? 'zh-CN');
      const status = (err as { statusCode?: number }).statusCode;
      if (err.code !== 'FST_ERR_BAD_URL' && status !== undefined && status >= 400 && status < 500) {
        // the router refused the request itself (a path parameter too long, …): the client's fault, in the one error format
        const detail = { field: 'url', rule: 'router', message: '请求地址无效', messageEn: err.message };
        return reply.status(status).send(errorBody(new AppError(status, 'BAD_URL', '请求地址无效', 'The request URL is not acceptable', [detail]), lang));
      }
      if (err.code !== 'FST_ERR_BAD_URL') {
        req.log.error({ err, reqId: req.id }, 'router error');
        return reply.status(500).send(errorBody(new AppError(500, 'INTERNAL', '服务器内部错误', 'Internal server error'), lang));
      }
      const detail = { field: 'url', rule: 'format', message: 'url 编码无效', messageEn: 'url is not validly percent-encoded' };
      return reply.status(400).send(errorBody(new AppError(400, 'BAD_URL', '请求地址无效', 'The request URL is malformed', [detail]), lang));
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: RouteRecord[] = [];

  installValidation(app);
  installSerialization(app);
  app.setErrorHandler((err, req, reply) => {
    const lang = String(req.headers['accept-language'] ?? 'zh-CN');
    if (err instanceof AppError) return reply.status(err.status).send(errorBody(err, lang));
    if (err instanceof DomainError) {
      if (err.kind === 'internal') req.log.error(err);
      const e = fromDomain(err, req);
      return reply.status(e.status).send(errorBody(e, lang));
    }
    const pgError = fromPgError(err, req);
    if (pgError) {
      req.log.warn({ err, reqId: req.id }, 'database refused the input');
      return reply.status(pgError.status).send(errorBody(pgError, lang));
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (e as { name?: string }).name === 'SyntaxError') {
      return reply
        .status(400)
        .send(
          errorBody(
            new AppError(400, 'MALFORMED_JSON', '请求体不是有效的 JSON', 'Request body is not valid JSON', [
              { field: 'body', rule: 'json', message: '无效 JSON', messageEn: 'invalid JSON' },
            ]),
            lang,
          ),
        );
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(errorBody(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型', 'Unsupported content type'), lang));
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody(new AppError(413, 'BODY_TOO_LARGE', '请求体过大', 'Request body too large'), lang));
    }
    if (e.statusCode === 429) {
      return reply.status(429).send(errorBody(new AppError(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试', 'Too many requests, try again later'), lang));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send(errorBody(new AppError(e.statusCode, e.code ?? 'BAD_REQUEST', '请求无效', e.message), lang));
    }
    req.log.error({ err, reqId: req.id }, 'unexpected error');
    return reply.status(500).send(errorBody(new AppError(500, 'INTERNAL', '服务器内部错误', 'Internal server error'), lang));
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !webDist) {
      return reply
        .status(404)
        .send(errorBody(new AppError(404, 'NOT_FOUND', '接口不存在', 'No such endpoint'), String(req.headers['accept-language'] ?? 'zh-CN')));
    }
    return reply.type('text/html').sendFile('index.html'); // client-side routes of the SPA
  });

  await app.register(cookie);
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'https:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'griddesk API', version: '0.1.0', description: '供电服务工单与服务质量系统 / service desk for electricity distribution' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gd_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  const sessions = new SessionCache(ctx.db, ctx.config.sessionCacheMs);
  await sessions.start();
  registerSessionCache(ctx.db, sessions);
  app.addHook('onClose', async () => sessions.stop());
  installAuth(app, ctx.db, routes, sessions);
  installMetrics(app, ctx.db);

  registerHealthRoute(app, ctx);
  registerIdentityRoutes(app, ctx);
  registerOrgRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerNetworkRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerTerritoryRoutes(app, ctx);
  registerServiceDesk(app, ctx);
  registerOutagesAndRepair(app, ctx);
  registerReliabilityRoutes(app, ctx); // reliability reads the outage records; outages does not import it
  registerCtiRoute(app, ctx); // composes work orders and outages
  registerPortalFaultRoute(app, ctx);
  registerAnalyticsRoutes(app, ctx);
  // modules added by later issues register here
  registerBillingRoutes(app, ctx);
  registerConnections(app, ctx);
  registerBillRunRoutes(app, ctx);
  registerPortalBillRoutes(app, ctx);
  registerLedgerRoutes(app, ctx);
  registerSatisfactionRoutes(app, ctx);
  // benchmarking scorecards (同业对标)
  registerScorecardRoutes(app, ctx);
  registerPaymentRoutes(app, ctx);
  // a bill run's release applies the accounts' ordinary credit (预收) to the new bills: payments' hook on billing's release
  onBillsReleased(applyCreditOnRelease);
  registerCollectionRoutes(app, ctx);
  registerPrepaidRoutes(app, ctx);

  if (webDist) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  return { app, routes };
}
