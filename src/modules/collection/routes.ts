/** Collection routes (docs/collection.md, API). Thin: schema → one use case → reply. */
import type { TSchema } from 'typebox';
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
  ReminderBody,
  StepOutSchema,
  WaiverCreateBody,
  WaiverOutSchema,
  WriteOffCreateBody,
  WriteOffOutSchema,
} from './schemas.js';
import { accountCollection, collectionBoard } from './board.js';
import { decideWaiver, requestWaiver } from './waivers.js';
import { approveStopOrder, cancelStopOrder, createStopOrder, executeStopOrder, recordCall, recordReminder, recordRestored, serveNotice } from './steps.js';
import { createAgreement } from './installments.js';
import { decideWriteOff, requestWriteOff } from './write-offs.js';
import { runPassNow } from './schedule.js';

export function registerCollectionRoutes(app: App, { db }: AppContext) {
  const tags = ['collection'];
  const read = { permission: 'collection.read' } as const;
  const write = { permission: 'collection.write' } as const;
  const approve = { permission: 'collection.approve' } as const;
  /** The options of a step on an account (collection.write): the account in the path, a body, 201 with what the step made. */
  const onAccount = <B extends TSchema, R extends TSchema>(body: B, made: R) => ({ config: write, schema: { tags, params: AccountParams, body, response: ok(made, 201) } });
  /** The options of an action on a waiver, write-off, stop order or restore by its id, with a note; `config` names who may. */
  const onId = <R extends TSchema>(config: typeof write | typeof approve, out: R) => ({ config, schema: { tags, params: IdParams, body: NoteBody, response: ok(out) } });

  app.get('/api/collection/board', { config: read, schema: { tags, response: ok(BoardSchema) } }, async (req) => collectionBoard(db, principal(req)));
  app.get(
    '/api/collection/accounts/:accountId',
    { config: read, schema: { tags, params: AccountParams, response: ok(AccountCollectionSchema) } },
    async (req) => accountCollection(db, principal(req), req.params.accountId),
  );
  app.post('/api/collection/accounts/:accountId/waivers', onAccount(WaiverCreateBody, WaiverOutSchema), async (req, reply) =>
    reply.status(201).send(await requestWaiver(db, principal(req), req.params.accountId, req.body)),
  );
  app.post('/api/collection/waivers/:id/approve', onId(approve, WaiverOutSchema), async (req) =>
    decideWaiver(db, principal(req), req.params.id, true, req.body.note),
  );
  app.post('/api/collection/waivers/:id/reject', onId(approve, WaiverOutSchema), async (req) =>
    decideWaiver(db, principal(req), req.params.id, false, req.body.note),
  );
  app.post('/api/collection/accounts/:accountId/write-offs', onAccount(WriteOffCreateBody, WriteOffOutSchema), async (req, reply) =>
    reply.status(201).send(await requestWriteOff(db, principal(req), req.params.accountId, req.body)),
  );
  app.post('/api/collection/write-offs/:id/approve', onId(approve, WriteOffOutSchema), async (req) =>
    decideWriteOff(db, principal(req), req.params.id, true, req.body.note),
  );
  app.post('/api/collection/write-offs/:id/reject', onId(approve, WriteOffOutSchema), async (req) =>
    decideWriteOff(db, principal(req), req.params.id, false, req.body.note),
  );
  app.post('/api/collection/accounts/:accountId/notices', onAccount(NoticeBody, StepOutSchema), async (req, reply) =>
    reply.status(201).send(await serveNotice(db, principal(req), req.params.accountId, req.body)),
  );
  app.post('/api/collection/accounts/:accountId/calls', onAccount(CallBody, StepOutSchema), async (req, reply) =>
    reply.status(201).send(await recordCall(db, principal(req), req.params.accountId, req.body)),
  );
  app.post('/api/collection/accounts/:accountId/stop-orders', onAccount(NoteBody, StepOutSchema), async (req, reply) =>
    reply.status(201).send(await createStopOrder(db, principal(req), req.params.accountId, req.body.note)),
  );
  app.post('/api/collection/accounts/:accountId/installments', onAccount(InstallmentBody, AgreementOutSchema), async (req, reply) =>
    reply.status(201).send(await createAgreement(db, principal(req), req.params.accountId, req.body)),
  );
  app.post('/api/collection/stop-orders/:id/approve', onId(approve, StepOutSchema), async (req) =>
    approveStopOrder(db, principal(req), req.params.id, req.body.note),
  );
  app.post('/api/collection/stop-orders/:id/execute', onId(write, StepOutSchema), async (req) => executeStopOrder(db, principal(req), req.params.id, req.body.note));
  app.post('/api/collection/stop-orders/:id/cancel', onId(write, StepOutSchema), async (req) => cancelStopOrder(db, principal(req), req.params.id, req.body.note));
  app.post('/api/collection/accounts/:accountId/reminders', onAccount(ReminderBody, StepOutSchema), async (req, reply) =>
    reply.status(201).send(await recordReminder(db, principal(req), req.params.accountId, req.body)),
  );
  app.post('/api/collection/restores/:id/done', onId(write, StepOutSchema), async (req) => recordRestored(db, principal(req), req.params.id, req.body.note));
  app.post('/api/collection/daily-pass', { config: approve, schema: { tags, body: PassBody, response: ok(PassOutSchema) } }, async (req) =>
    runPassNow(db, principal(req), req.body.date),
  );
}
