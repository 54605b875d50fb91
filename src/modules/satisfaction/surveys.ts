/**
 * Sampling surveys: the designer (a draft is edited in place; a published design is frozen, and
 * editing it starts the next version's draft), publishing, invitations sent by SMS with a signed
 * link, and the results of one survey version.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields, conflict, notFound } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox/outbox.js';
import { defaultQuietHours } from '../../platform/outbox/preferences.js';
import { releaseTime } from '../../platform/outbox/quiet-hours.js';
import { actorOf, type Principal } from '../identity/index.js';
import { orderSatisfactionFacts, surveyCandidates } from '../workorders/index.js';
import { indexOf } from './score-rules.js';
import { DEFAULT_SAMPLING, SCALES, designProblems, sampleOrders, signInvitation, type Question, type SamplingRule } from './survey-rules.js';
import { getLinkKey, getPolicy } from './settings.js';
import type { SurveyInput } from './schemas.js';

/** The most questions a survey may have. */
export const MAX_QUESTIONS = 30;

const SURVEY_COLS = `s.*, (SELECT count(*)::int FROM sat_invitations i WHERE i.survey_id = s.id) AS invitations,
  (SELECT count(*)::int FROM sat_responses r WHERE r.survey_id = s.id) AS responses`;

const toSurvey = (r: Record<string, any>) => ({
  id: Number(r.id),
  surveyKey: r.survey_key,
  version: r.version,
  name: r.name,
  touchPoint: r.touch_point,
  status: r.status,
  questions: r.questions as Question[],
  sampling: r.sampling as SamplingRule,
  orgUnitId: Number(r.org_unit_id),
  createdAt: r.created_at,
  publishedAt: r.published_at,
  invitations: r.invitations ?? 0,
  responses: r.responses ?? 0,
});
export type SurveyView = ReturnType<typeof toSurvey>;

async function findSurvey(q: Queryable, p: Principal, id: number, lock = false) {
  const { rows } = await q.query(`SELECT ${SURVEY_COLS} FROM sat_surveys s WHERE s.id = $1 AND s.org_path LIKE $2 || '%'${lock ? ' FOR UPDATE OF s' : ''}`, [
    id,
    p.orgPath,
  ]);
  if (!rows[0]) throw notFound('Survey', '问卷');
  return toSurvey(rows[0]);
}

export async function getSurvey(q: Queryable, p: Principal, id: number) {
  return findSurvey(q, p, id);
}

export async function listSurveys(q: Queryable, p: Principal, f: { status?: string; limit: number; offset: number }) {
  const params: unknown[] = [p.orgPath];
  const where = [`s.org_path LIKE $1 || '%'`];
  if (f.status) where.push(`s.status = $${params.push(f.status)}`);
  const total = await q.query(`SELECT count(*)::int AS n FROM sat_surveys s WHERE ${where.join(' AND ')}`, params);
  const { rows } = await q.query(
    `SELECT ${SURVEY_COLS} FROM sat_surveys s WHERE ${where.join(' AND ')} ORDER BY s.survey_key, s.version DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows.map(toSurvey), total: total.rows[0].n };
}

function checkDesign(input: SurveyInput) {
  const problems = designProblems(input.questions as Question[], MAX_QUESTIONS);
  if (problems.length) throw badFields('VALIDATION_FAILED', `问卷设计有误：${problems[0].zh}`, `Invalid survey design: ${problems[0].en}`, problems);
}

export async function createSurvey(db: Db, p: Principal, input: SurveyInput) {
  checkDesign(input);
  return withTx(db, async (tx) => {
    const sampling = input.sampling ?? DEFAULT_SAMPLING[input.touchPoint];
    const { rows } = await tx.query(
      `INSERT INTO sat_surveys (survey_key, version, name, touch_point, status, questions, sampling, org_unit_id, org_path, created_by)
       VALUES ($1, 1, $2, $3, 'draft', $4, $5, $6, $7, $8) RETURNING id`,
      [
        randomUUID(),
        input.name,
        input.touchPoint,
        JSON.stringify(input.questions),
        JSON.stringify(sampling),
        p.orgUnitId,
        p.orgPath,
        p.kind === 'user' ? p.id : null,
      ],
    );
    const s = await findSurvey(tx, p, Number(rows[0].id));
    await recordAudit(tx, actorOf(p), { action: 'survey.create', entity: 'survey', entityId: s.id, orgUnitId: p.orgUnitId, after: s });
    return s;
  });
}

/** A draft changes in place; a published version is frozen, so editing it makes the next version's draft (one draft per survey at a time). */
export async function updateSurvey(db: Db, p: Principal, id: number, input: SurveyInput) {
  checkDesign(input);
  return withTx(db, async (tx) => {
    const before = await findSurvey(tx, p, id, true);
    const sampling = input.sampling ?? before.sampling;
    let targetId = before.id;
    if (before.status === 'draft') {
      await tx.query(`UPDATE sat_surveys SET name = $2, touch_point = $3, questions = $4, sampling = $5 WHERE id = $1`, [
        id,
        input.name,
        input.touchPoint,
        JSON.stringify(input.questions),
        JSON.stringify(sampling),
      ]);
    } else if (before.status === 'published') {
      const draft = await tx.query(`SELECT id FROM sat_surveys WHERE survey_key = $1 AND status = 'draft'`, [before.surveyKey]);
      if (draft.rows[0])
        throw conflict('此问卷已有草稿版本，请编辑草稿', 'this survey already has a draft version: edit the draft', { draftId: Number(draft.rows[0].id) });
      const next = await tx.query(`SELECT max(version) + 1 AS v FROM sat_surveys WHERE survey_key = $1`, [before.surveyKey]);
      const { rows } = await tx.query(
        `INSERT INTO sat_surveys (survey_key, version, name, touch_point, status, questions, sampling, org_unit_id, org_path, created_by)
         SELECT survey_key, $2, $3, $4, 'draft', $5, $6, org_unit_id, org_path, $7 FROM sat_surveys WHERE id = $1 RETURNING id`,
        [id, next.rows[0].v, input.name, input.touchPoint, JSON.stringify(input.questions), JSON.stringify(sampling), p.kind === 'user' ? p.id : null],
      );
      targetId = Number(rows[0].id);
    } else throw conflict('已停用的问卷不能修改', 'a retired survey cannot be changed', { currentState: before.status });
    const after = await findSurvey(tx, p, targetId);
    await recordAudit(tx, actorOf(p), { action: 'survey.update', entity: 'survey', entityId: after.id, orgUnitId: after.orgUnitId, before, after });
    return after;
  });
}

/** Publishing a draft freezes it; the version published before it is retired (its invitations stay answerable). */
export async function publishSurvey(db: Db, p: Principal, id: number) {
  return withTx(db, async (tx) => {
    const s = await findSurvey(tx, p, id, true);
    if (s.status !== 'draft') throw conflict('只有草稿可以发布', 'only a draft can be published', { currentState: s.status });
    checkDesign(s as SurveyInput);
    await tx.query(`UPDATE sat_surveys SET status = 'retired' WHERE survey_key = $1 AND status = 'published'`, [s.surveyKey]);
    await tx.query(`UPDATE sat_surveys SET status = 'published', published_at = now() WHERE id = $1`, [id]);
    const after = await findSurvey(tx, p, id);
    await recordAudit(tx, actorOf(p), {
      action: 'survey.publish',
      entity: 'survey',
      entityId: id,
      orgUnitId: s.orgUnitId,
      before: { status: s.status },
      after: { status: after.status, version: after.version },
    });
    return after;
  });
}

export async function retireSurvey(db: Db, p: Principal, id: number) {
  return withTx(db, async (tx) => {
    const s = await findSurvey(tx, p, id, true);
    if (s.status !== 'published') throw conflict('只有已发布的问卷可以停用', 'only a published survey can be retired', { currentState: s.status });
    await tx.query(`UPDATE sat_surveys SET status = 'retired' WHERE id = $1`, [id]);
    await recordAudit(tx, actorOf(p), {
      action: 'survey.retire',
      entity: 'survey',
      entityId: id,
      orgUnitId: s.orgUnitId,
      before: { status: s.status },
      after: { status: 'retired' },
    });
    return findSurvey(tx, p, id);
  });
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const maskPhone = (phone: string) => phone.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2');

/**
 * Invitations for a published survey: the orders given (each once, mobile phones only), or a sample
 * of recent handled orders by the survey's rule. Each gets a signed single-use link by SMS through
 * the outbox (quiet hours respected), expiring after the policy's days.
 */
export async function inviteForSurvey(db: Db, p: Principal, id: number, orderIds?: number[], now = new Date()) {
  return withTx(db, async (tx) => {
    const s = await findSurvey(tx, p, id, true);
    if (s.status !== 'published') throw conflict('问卷未发布', 'the survey is not published', { currentState: s.status });
    const policy = await getPolicy(tx);
    const key = await getLinkKey(tx);
    const rule = s.sampling;
    const cands = orderIds
      ? await orderSatisfactionFacts(tx, p.orgPath, orderIds)
      : await surveyCandidates(tx, p.orgPath, {
          since: new Date(now.getTime() - rule.withinDays * 86_400_000),
          orderTypes: rule.orderTypes,
          channels: rule.channels,
          limit: 20_000,
        });
    if (orderIds && cands.length < new Set(orderIds).size) throw notFound('Work order', '工单');
    const invited = await tx.query(
      `SELECT i.order_id FROM sat_invitations i JOIN sat_surveys s ON s.id = i.survey_id WHERE s.survey_key = $1 AND i.order_id = ANY($2::bigint[])`,
      [s.surveyKey, cands.map((c) => c.id)],
    );
    const already = new Set(invited.rows.map((r) => Number(r.order_id)));
    const chosen = sampleOrders(
      cands.filter((c) => c.smsAllowed !== false).map((c) => ({ id: c.id, orderType: c.orderType, channel: c.channel, phone: c.callerPhone })),
      orderIds ? { ...rule, percent: 100, orderTypes: [], channels: [], maxPerRun: 10_000 } : rule,
      s.surveyKey,
      already,
    );
    // the customer's own choice: no SMS wanted → not invited (counted as skipped)
    const byId = new Map(cands.filter((c) => c.smsAllowed !== false).map((c) => [c.id, c]));
    const quiet = await defaultQuietHours(tx);
    const expires = new Date(now.getTime() + policy.invitationDays * 86_400_000);
    const messages = [];
    for (const c of chosen) {
      const o = byId.get(c.id)!;
      const nonce = randomBytes(18).toString('base64url');
      const { rows } = await tx.query(
        `INSERT INTO sat_invitations (survey_id, order_id, org_unit_id, org_path, nonce, phone_masked, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [s.id, o.id, o.orgUnitId, o.orgPath, nonce, maskPhone(c.phone!), now, expires],
      );
      const link = `${policy.surveyLinkBase.replace(/\/$/, '')}/public/survey/${signInvitation(key, Number(rows[0].id), nonce)}`;
      messages.push({
        event: 'survey.invitation',
        channel: 'sms' as const,
        recipient: c.phone!,
        body: `【国网客服】您好，您的工单${o.orderNo}已办结，请对本次服务评价：${link}（${policy.invitationDays}日内有效）`,
        orderId: o.id,
        notBefore: releaseTime(now, o.quietStart && o.quietEnd ? { start: o.quietStart, end: o.quietEnd } : quiet, false, SHANGHAI_OFFSET_MS),
      });
    }
    await enqueue(tx, messages);
    await recordAudit(tx, actorOf(p), {
      action: 'survey.invite',
      entity: 'survey',
      entityId: s.id,
      orgUnitId: s.orgUnitId,
      after: { candidates: cands.length, invited: chosen.length, orderIds: chosen.map((c) => c.id) },
    });
    return { surveyId: s.id, candidates: cands.length, invited: chosen.length, skipped: cands.length - chosen.length };
  });
}

/** One survey version's results: invitations, answers, per question the distribution, the index of scale questions, free-text comments. */
export async function surveyResults(q: Queryable, p: Principal, id: number, now = new Date()) {
  const survey = await findSurvey(q, p, id);
  const policy = await getPolicy(q);
  const inv = await q.query(
    `SELECT count(*)::int AS n, count(answered_at)::int AS answered, count(*) FILTER (WHERE answered_at IS NULL AND expires_at <= $2)::int AS expired
       FROM sat_invitations WHERE survey_id = $1 AND org_path LIKE $3 || '%'`,
    [id, now, p.orgPath],
  );
  const { rows } = await q.query(`SELECT answers FROM sat_responses WHERE survey_id = $1 AND org_path LIKE $2 || '%' ORDER BY responded_at DESC, id DESC`, [
    id,
    p.orgPath,
  ]);
  const answers = rows.map((r) => r.answers as Record<string, string | number>);
  const questions = survey.questions.map((qq) => {
    const given = answers.map((a) => a[qq.key]).filter((v) => v !== undefined && v !== null && v !== '');
    const counts = new Map<string, number>();
    if (qq.type === 'scale5' || qq.type === 'scale10') for (let v = SCALES[qq.type].min; v <= SCALES[qq.type].max; v++) counts.set(String(v), 0);
    if (qq.type === 'choice') for (const o of qq.options ?? []) counts.set(o.value, 0);
    if (qq.type !== 'text') for (const v of given) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    const index =
      qq.type === 'scale5' || qq.type === 'scale10'
        ? indexOf(
            given.map((v) => ({ v: Number(v), ...SCALES[qq.type as 'scale5' | 'scale10'] })),
            policy,
          ).value
        : null;
    return {
      key: qq.key,
      type: qq.type,
      answered: given.length,
      distribution: [...counts].map(([value, count]) => ({ value, count })),
      index,
      comments: qq.type === 'text' ? given.slice(0, 100).map(String) : [],
    };
  });
  return { survey, invitations: inv.rows[0].n, answered: inv.rows[0].answered, expired: inv.rows[0].expired, questions };
}
