/**
 * A trouble call taken at the desk (POST /api/outages/calls): checked, stored with whatever else
 * is arriving (CallIntakeBatcher), grouped within the policy's answer wait, and answered with the
 * outage it joined. A grouping failure is logged and retried by the next run (the call is stored).
 */
import type { Db, Queryable } from '../../../db/pool.js';
import { badField, internal } from '../../../platform/errors.js';
import { actorOf, type Principal } from '../../identity/index.js';
import type { OutageServices } from '../grouping/outage-services.js';
import type { CallInput } from '../schemas.js';
import { callAnswer } from './call-intake.js';

const MAX_SKEW_MS = 120_000;

export async function takeCall(db: Db, svc: OutageServices, p: Principal, b: CallInput, log: (e: unknown) => void) {
  const at = b.at ? new Date(b.at) : new Date();
  if (at.getTime() > Date.now() + MAX_SKEW_MS) throw badField('at', 'future', '时间不能晚于当前', 'time cannot be in the future');
  const placed = await svc.intake.submit({ ...b, at }, actorOf(p));
  await svc.runner.runWithin(svc.host.currentPolicy()?.answerWaitMs, log);
  return answerOf(db, placed.callId);
}

/** The stored call's answer (it exists: it was just stored or placed). */
export async function answerOf(q: Queryable, callId: number) {
  const a = await callAnswer(q, callId);
  if (!a) throw internal('来电记录缺失', `call ${callId} is missing`);
  return a;
}
