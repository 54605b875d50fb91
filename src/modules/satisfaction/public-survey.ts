/**
 * The public survey page (no login): a signed link opens its invitation's survey, and the answer is
 * taken once. An unknown, altered or mismatched link answers 404; an expired or used one 409.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields, conflict, notFound } from '../../platform/errors.js';
import { actorOf } from '../identity/index.js';
import { orderSatisfactionFacts } from '../workorders/index.js';
import { orderColumns } from './responses.js';
import { scoreAnswers, verifyInvitation, type Question } from './survey-rules.js';
import { getLinkKey, getPolicy } from './settings.js';

async function openInvitation(q: Queryable, token: string, lock: boolean) {
  const v = verifyInvitation(await getLinkKey(q), token);
  if (!v) throw notFound('Survey invitation', '问卷邀请');
  const { rows } = await q.query(
    `SELECT i.*, s.name, s.touch_point, s.questions FROM sat_invitations i JOIN sat_surveys s ON s.id = i.survey_id WHERE i.id = $1 AND i.nonce = $2${lock ? ' FOR UPDATE OF i' : ''}`,
    [v.id, v.nonce],
  );
  if (!rows[0]) throw notFound('Survey invitation', '问卷邀请');
  return rows[0];
}

function checkOpen(inv: Record<string, any>, now: Date) {
  if (inv.answered_at) throw conflict('此问卷已提交，感谢您的评价', 'this survey was already answered, thank you', {}, 'SURVEY_ANSWERED');
  if ((inv.expires_at as Date).getTime() <= now.getTime()) throw conflict('此问卷链接已过期', 'this survey link has expired', {}, 'SURVEY_EXPIRED');
}

export async function getPublicSurvey(db: Db, token: string, now = new Date()) {
  const inv = await openInvitation(db, token, false);
  checkOpen(inv, now);
  // the order's number only, the customer already knows it from the SMS; scope: the invitation's own org
  const [o] = await orderSatisfactionFacts(db, inv.org_path, [Number(inv.order_id)]);
  return { name: inv.name, touchPoint: inv.touch_point, orderNo: o?.orderNo ?? '', questions: inv.questions as Question[], expiresAt: inv.expires_at };
}

export async function answerPublicSurvey(db: Db, token: string, answers: Record<string, unknown>, ip: string | null, ua: string | null, now = new Date()) {
  return withTx(db, async (tx) => {
    const inv = await openInvitation(tx, token, true);
    checkOpen(inv, now);
    const { problems, scored } = scoreAnswers(inv.questions as Question[], answers);
    if (!scored) throw badFields('VALIDATION_FAILED', `答卷有误：${problems[0].zh}`, `Invalid answers: ${problems[0].en}`, problems);
    const policy = await getPolicy(tx);
    const [o] = await orderSatisfactionFacts(tx, inv.org_path, [Number(inv.order_id)]);
    const c = orderColumns(o ?? null, policy);
    const attrs = Object.fromEntries(Object.entries(scored.attributes).map(([k, s]) => [k, [s.v, s.min, s.max]]));
    const { rows } = await tx.query(
      `INSERT INTO sat_responses (method, source_key, responded_at, order_id, survey_id, invitation_id, touch_point, overall, scale_min, scale_max,
                                  attributes, answers, comment, org_unit_id, org_path, segment, area_type, channel, order_type)
       VALUES ('survey', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
      [
        `inv:${inv.id}`,
        now,
        inv.order_id,
        inv.survey_id,
        inv.id,
        inv.touch_point,
        scored.overall.v,
        scored.overall.min,
        scored.overall.max,
        JSON.stringify(attrs),
        JSON.stringify(scored.answers),
        scored.comment,
        inv.org_unit_id,
        inv.org_path,
        c.segment,
        c.area,
        c.channel,
        c.orderType,
      ],
    );
    await tx.query('UPDATE sat_invitations SET answered_at = $2 WHERE id = $1', [inv.id, now]);
    await recordAudit(tx, actorOf(null, ip, ua), {
      action: 'survey.answer',
      entity: 'survey_invitation',
      entityId: Number(inv.id),
      orgUnitId: Number(inv.org_unit_id),
      after: { responseId: Number(rows[0].id), surveyId: Number(inv.survey_id), overall: scored.overall.v },
    });
    return { received: true };
  });
}
