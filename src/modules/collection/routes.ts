/** Collection routes (docs/collection.md, API). Thin: schema → one use case → reply. */
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { Db } from '../../db/pool.js';
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import type { Principal } from '../identity/index.js';
import { IdParams, ok } from '../../http/schemas.js';
import { OptionalNoteBody, decided, decisionRoute } from '../../http/decisions.js';
import {
  AccountCollectionSchema,
  AccountParams,
  AgreementOutSchema,
  BoardSchema,
  CallBody,
  InstallmentBody,
  NoticeBody,
  PassBody,
  PassOutSchema,
  PdfFile,
  ReminderBody,
  ServeBody,
  StepOutSchema,
  WaiverCreateBody,
  WaiverOutSchema,
  WriteOffCreateBody,
  WriteOffOutSchema,
} from './schemas.js';
import { accountCollection, collectionBoard } from './board.js';
import { decideWaiver, requestWaiver } from './waivers.js';
import {
  approveStopOrder,
  cancelStopOrder,
  createStopOrder,
  executeStopOrder,
  recordCall,
  recordReminder,
  recordRestored,
  serveIssuedNotice,
  serveNotice,
} from './steps.js';
import { noticePdf } from './notice-pdf.js';
import { createAgreement } from './installments.js';
import { decideWriteOff, requestWriteOff } from './write-offs.js';
import { runPassNow } from './schedule.js';

/** A request to a route on an account (`:accountId`) with a body of type B. */
type OnAccount<B> = FastifyRequest & { params: { accountId: number }; body: B };
/** A request to a route on a stop order or restore (`:id`) with an optional note. */
type OnId = FastifyRequest & { params: { id: number }; body: { note?: string } };

export function registerCollectionRoutes(app: App, { db }: AppContext) {
  const tags = ['collection'];
  const read = { permission: 'collection.read' } as const;
  const write = { permission: 'collection.write' } as const;
  const approve = { permission: 'collection.approve' } as const;

  // The shapes most routes share. Each route's path, permission and schemas stay on its own line below; the
  // handlers' types are checked against each route's schemas where the route is registered.
  /** A step on an account (collection.write): the account in the path, a body; 201 with what the step made. */
  const onAccount = <B extends TSchema, R extends TSchema>(body: B, made: R) => ({
    config: write,
    schema: { tags, params: AccountParams, body, response: ok(made, 201) },
  });
  /** An action on an order by its id, with a note; `config` names who may. (A decision on a request: src/http/decisions.ts.) */
  const onId = <C extends typeof write | typeof approve, R extends TSchema>(config: C, out: R) => ({
    config,
    schema: { tags, params: IdParams, body: OptionalNoteBody, response: ok(out) },
  });
  /** The handler of a step on an account: the use case with the account and the body, answered 201. */
  const created =
    <B, T>(run: (db: Db, p: Principal, accountId: number, body: B) => Promise<T>) =>
    async (req: OnAccount<B>, reply: { status(code: 201): { send(made: T): void } }) =>
      reply.status(201).send(await run(db, principal(req), req.params.accountId, req.body));
  /** The handler of an action by id: the use case with the id and the note. */
  const noted =
    <T>(run: (db: Db, p: Principal, id: number, note?: string) => Promise<T>) =>
    async (req: OnId) =>
      run(db, principal(req), req.params.id, req.body.note);

  app.get('/api/collection/board', { config: read, schema: { tags, response: ok(BoardSchema) } }, async (req) => collectionBoard(db, principal(req)));
  app.get(
    '/api/collection/accounts/:accountId',
    { config: read, schema: { tags, params: AccountParams, response: ok(AccountCollectionSchema) } },
    async (req) => accountCollection(db, principal(req), req.params.accountId),
  );
  app.post('/api/collection/accounts/:accountId/waivers', onAccount(WaiverCreateBody, WaiverOutSchema), created(requestWaiver));
  app.post('/api/collection/waivers/:id/approve', decisionRoute(tags, 'collection.approve', WaiverOutSchema), decided(db, decideWaiver, true));
  app.post('/api/collection/waivers/:id/reject', decisionRoute(tags, 'collection.approve', WaiverOutSchema), decided(db, decideWaiver, false));
  app.post('/api/collection/accounts/:accountId/write-offs', onAccount(WriteOffCreateBody, WriteOffOutSchema), created(requestWriteOff));
  app.post('/api/collection/write-offs/:id/approve', decisionRoute(tags, 'collection.approve', WriteOffOutSchema), decided(db, decideWriteOff, true));
  app.post('/api/collection/write-offs/:id/reject', decisionRoute(tags, 'collection.approve', WriteOffOutSchema), decided(db, decideWriteOff, false));
  app.post('/api/collection/accounts/:accountId/notices', onAccount(NoticeBody, StepOutSchema), created(serveNotice));
  app.post(
    '/api/collection/notices/:id/served',
    { config: write, schema: { tags, params: IdParams, body: ServeBody, response: ok(StepOutSchema) } },
    async (req) => serveIssuedNotice(db, principal(req), req.params.id, req.body),
  );
  app.get(
    '/api/collection/notices/:id/pdf',
    { config: read, schema: { tags, params: IdParams, produces: ['application/pdf'], response: ok(PdfFile) } },
    async (req, reply) => {
      const { file, name } = await noticePdf(db, principal(req), req.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).send(file);
    },
  );
  app.post('/api/collection/accounts/:accountId/calls', onAccount(CallBody, StepOutSchema), created(recordCall));
  app.post('/api/collection/accounts/:accountId/stop-orders', onAccount(OptionalNoteBody, StepOutSchema), async (req, reply) =>
    reply.status(201).send(await createStopOrder(db, principal(req), req.params.accountId, req.body.note)),
  );
  app.post('/api/collection/accounts/:accountId/installments', onAccount(InstallmentBody, AgreementOutSchema), created(createAgreement));
  app.post('/api/collection/stop-orders/:id/approve', onId(approve, StepOutSchema), noted(approveStopOrder));
  app.post('/api/collection/stop-orders/:id/execute', onId(write, StepOutSchema), noted(executeStopOrder));
  app.post('/api/collection/stop-orders/:id/cancel', onId(write, StepOutSchema), noted(cancelStopOrder));
  app.post('/api/collection/accounts/:accountId/reminders', onAccount(ReminderBody, StepOutSchema), created(recordReminder));
  app.post('/api/collection/restores/:id/done', onId(write, StepOutSchema), noted(recordRestored));
  app.post('/api/collection/daily-pass', { config: approve, schema: { tags, body: PassBody, response: ok(PassOutSchema) } }, async (req) =>
    runPassNow(db, principal(req), req.body.date),
  );
}
