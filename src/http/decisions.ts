/**
 * A second person's decision on a request by its id — approve or reject, with an optional note — as the
 * approval routes of several modules take it (collection's waivers and write-offs, payments' reversal and
 * refund requests and cash deposits): the note body, the route options and the handler. A route using them
 * still names its own path, permission and response schema on its line, and its use case.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Db } from '../db/pool.js';
import type { Permission, Principal } from '../modules/identity/index.js';
import { principal } from './auth.js';
import { Body, IdParams, Text, ok } from './schemas.js';

/** The body of a decision (or of another step that takes nothing but a note): an optional note. */
export const OptionalNoteBody = Body({ note: Type.Optional(Text(500)) });

/** A request to a decision route: the record's id in the path, the note in the body. */
type OnDecision = FastifyRequest & { params: { id: number }; body: { note?: string } };

/** The options of a decision route: `permission` decides; the id in the path, a note; 200 with the record `out`. */
export const decisionRoute = <R extends TSchema>(tags: string[], permission: Permission, out: R) => ({
  config: { permission },
  schema: { tags, params: IdParams, body: OptionalNoteBody, response: ok(out) },
});

/** The handler of a decision route: the use case with the id, approved or not, and the note. */
export const decided =
  <T>(db: Db, decide: (db: Db, p: Principal, id: number, approved: boolean, note?: string) => Promise<T>, approved: boolean) =>
  async (req: OnDecision) =>
    decide(db, principal(req), req.params.id, approved, req.body.note);
