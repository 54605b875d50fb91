/** Collection routes (docs/collection.md, API). Thin: schema → one use case → reply. */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import {
  AccountCollectionSchema,
  AccountParams,
  AgreementOutSchema,
  BoardSchema,
  CallBody,
  InstallmentBody,
  NoteBody,
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

export function registerCollectionRoutes(app: App, { db }: AppContext) {
  const tags = ['collection'];
  const read = { permission: 'collection.read' } as const;
  const write = { permission: 'collection.write' } as const;
  const approve = { permission: 'collection.approve' } as const;
  app.get('/api/collection/board', { config: read, schema: { tags, response: ok(BoardSchema) } }, async (req) => collectionBoard(db, principal(req)));
  app.get(
    '/api/collection/accounts/:accountId',
    { config: read, schema: { tags, params: AccountParams, response: ok(AccountCollectionSchema) } },
    async (req) => accountCollection(db, principal(req), req.params.accountId),
  );
  app.post(
    '/api/collection/accounts/:accountId/waivers',
    { config: write, schema: { tags, params: AccountParams, body: WaiverCreateBody, response: ok(WaiverOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await requestWaiver(db, principal(req), req.params.accountId, req.body)),
  );
  app.post(
    '/api/collection/waivers/:id/approve',
    { config: approve, schema: { tags, params: IdParams, body: NoteBody, response: ok(WaiverOutSchema) } },
    async (req) => decideWaiver(db, principal(req), req.params.id, true, req.body.note),
  );
  app.post(
    '/api/collection/waivers/:id/reject',
    { config: approve, schema: { tags, params: IdParams, body: NoteBody, response: ok(WaiverOutSchema) } },
    async (req) => decideWaiver(db, principal(req), req.params.id, false, req.body.note),
  );
  app.post(
    '/api/collection/accounts/:accountId/write-offs',
    { config: write, schema: { tags, params: AccountParams, body: WriteOffCreateBody, response: ok(WriteOffOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await requestWriteOff(db, principal(req), req.params.accountId, req.body)),
  );
  app.post(
    '/api/collection/write-offs/:id/approve',
    { config: approve, schema: { tags, params: IdParams, body: NoteBody, response: ok(WriteOffOutSchema) } },
    async (req) => decideWriteOff(db, principal(req), req.params.id, true, req.body.note),
  );
  app.post(
    '/api/collection/write-offs/:id/reject',
    { config: approve, schema: { tags, params: IdParams, body: NoteBody, response: ok(WriteOffOutSchema) } },
    async (req) => decideWriteOff(db, principal(req), req.params.id, false, req.body.note),
  );
  app.post(
    '/api/collection/accounts/:accountId/notices',
    { config: write, schema: { tags, params: AccountParams, body: NoticeBody, response: ok(StepOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await serveNotice(db, principal(req), req.params.accountId, req.body)),
  );
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
  app.post(
    '/api/collection/accounts/:accountId/calls',
    { config: write, schema: { tags, params: AccountParams, body: CallBody, response: ok(StepOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await recordCall(db, principal(req), req.params.accountId, req.body)),
  );
  app.post(
    '/api/collection/accounts/:accountId/stop-orders',
    { config: write, schema: { tags, params: AccountParams, body: NoteBody, response: ok(StepOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createStopOrder(db, principal(req), req.params.accountId, req.body.note)),
  );
  app.post(
    '/api/collection/accounts/:accountId/installments',
    { config: write, schema: { tags, params: AccountParams, body: InstallmentBody, response: ok(AgreementOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createAgreement(db, principal(req), req.params.accountId, req.body)),
  );
  app.post(
    '/api/collection/stop-orders/:id/approve',
    { config: approve, schema: { tags, params: IdParams, body: NoteBody, response: ok(StepOutSchema) } },
    async (req) => approveStopOrder(db, principal(req), req.params.id, req.body.note),
  );
  app.post(
    '/api/collection/stop-orders/:id/execute',
    { config: write, schema: { tags, params: IdParams, body: NoteBody, response: ok(StepOutSchema) } },
    async (req) => executeStopOrder(db, principal(req), req.params.id, req.body.note),
  );
  app.post(
    '/api/collection/stop-orders/:id/cancel',
    { config: write, schema: { tags, params: IdParams, body: NoteBody, response: ok(StepOutSchema) } },
    async (req) => cancelStopOrder(db, principal(req), req.params.id, req.body.note),
  );
  app.post(
    '/api/collection/accounts/:accountId/reminders',
    { config: write, schema: { tags, params: AccountParams, body: ReminderBody, response: ok(StepOutSchema, 201) } },
    async (req, reply) => reply.status(201).send(await recordReminder(db, principal(req), req.params.accountId, req.body)),
  );
  app.post(
    '/api/collection/restores/:id/done',
    { config: write, schema: { tags, params: IdParams, body: NoteBody, response: ok(StepOutSchema) } },
    async (req) => recordRestored(db, principal(req), req.params.id, req.body.note),
  );
  app.post('/api/collection/daily-pass', { config: approve, schema: { tags, body: PassBody, response: ok(PassOutSchema) } }, async (req) =>
    runPassNow(db, principal(req), req.body.date),
  );
}
