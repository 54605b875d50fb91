/**
 * Demo satisfaction data (docs/satisfaction.md): two published surveys (repair and complaint, with
 * attribute questions for the key drivers), four months of answered and unanswered invitations on
 * the demo work orders, end-of-call answers, IVR key presses on a sample of the demo call log's
 * answered calls, and one improvement plan in its "do" stage — so the dashboard is alive for a new
 * user. Surveys and the plan go through the module's use cases; the months of responses are
 * written the way the use cases write them (one statement), dated in the past. Deterministic for a
 * seed value.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { DEFAULT_SATISFACTION_POLICY, createPlan, createSurvey, movePlan, publishSurvey } from '../modules/satisfaction/index.js';
import { mulberry32, type Rng } from './random.js';

const ATTRS = [
  // attribute, its weight in overall satisfaction (the drivers the demo should find), its mean shift
  { key: 'speed', zh: '处理及时', en: 'Timeliness', weight: 0.45, shift: -0.5 },
  { key: 'resolution', zh: '问题解决', en: 'Problem solved', weight: 0.35, shift: 0 },
  { key: 'attitude', zh: '服务态度', en: 'Staff attitude', weight: 0.15, shift: 0.6 },
  { key: 'information', zh: '信息告知', en: 'Being kept informed', weight: 0.05, shift: -0.2 },
] as const;

const design = (touch: 'repair' | 'complaint') => ({
  name: touch === 'repair' ? '故障抢修满意度调查' : '投诉处理满意度调查',
  touchPoint: touch,
  questions: [
    {
      key: 'overall',
      type: 'scale5' as const,
      textZh: '您对本次服务总体是否满意？',
      textEn: 'Overall, how satisfied are you with this service?',
      required: true,
      role: 'overall' as const,
    },
    ...ATTRS.map((a) => ({
      key: a.key,
      type: 'scale5' as const,
      textZh: `您对“${a.zh}”的评价`,
      textEn: `Your rating of "${a.en}"`,
      required: true,
      role: 'attribute' as const,
      attribute: a.key,
    })),
    {
      key: 'contact',
      type: 'choice' as const,
      textZh: '您希望今后如何接收服务通知？',
      textEn: 'How would you like to hear from us?',
      required: false,
      options: [
        { value: 'sms', zh: '短信', en: 'SMS' },
        { value: 'wechat', zh: '微信', en: 'WeChat' },
        { value: 'phone', zh: '电话', en: 'Phone' },
      ],
    },
    { key: 'comment', type: 'text' as const, textZh: '其他意见或建议', textEn: 'Anything else?', required: false, maxLength: 500 },
  ],
});

const COMMENTS = ['抢修很快，谢谢', '希望停电前能提前通知', '工作人员很耐心', '等待时间有点长', '问题已解决', '电话一直占线'];

const clamp5 = (x: number) => Math.max(1, Math.min(5, Math.round(x)));
/** A roughly normal draw (sum of uniforms). */
const noise = (rng: Rng) => rng() + rng() + rng() - 1.5;

export async function seedSatisfactionActivity(db: Db, supervisor: Principal, seed: number, now = new Date()): Promise<{ responses: number }> {
  const rng = mulberry32(seed + 710);
  const policy = DEFAULT_SATISFACTION_POLICY;
  const segOf = (cls: string | null, important: boolean) => (important ? 'large' : cls ? (policy.segmentOfClass[cls] ?? null) : null);
  const surveys: Record<string, { id: number }> = {};
  for (const t of ['repair', 'complaint'] as const) {
    const s = await createSurvey(db, supervisor, design(t));
    surveys[t] = await publishSurvey(db, supervisor, s.id);
  }
  const orders = (
    await db.query(
      `SELECT id, order_type, channel, customer_class, area_type, important, org_unit_id, org_path, caller_phone FROM work_orders
        WHERE org_path LIKE $1 || '%' ORDER BY id`,
      [supervisor.orgPath],
    )
  ).rows;
  if (orders.length === 0) return { responses: 0 };
  const DAY = 86_400_000;
  const span = 120; // four months of responses
  const rows: Record<string, unknown>[] = [];
  const invitations: Record<string, unknown>[] = [];
  let invId = Number((await db.query(`SELECT coalesce(max(id), 0) AS m FROM sat_invitations`)).rows[0].m);
  // the months get slowly better (the demo plan is working): a trend the chart can show
  const invited = new Set<string>();
  const latentAt = (age: number) => 3.6 + 0.4 * (1 - age / span);
  for (let i = 0; i < 700; i++) {
    const o = orders[Math.floor(rng() * orders.length)];
    const ageDays = rng() * span;
    const at = new Date(now.getTime() - ageDays * DAY);
    const base = latentAt(ageDays) + noise(rng) * 1.2;
    const attrs = Object.fromEntries(ATTRS.map((a) => [a.key, clamp5(base + a.shift + noise(rng) * (1.6 - 2 * a.weight))]));
    const overall = clamp5(ATTRS.reduce((s, a) => s + a.weight * attrs[a.key], 0) + 0.2 + noise(rng) * 0.5);
    const seg = { segment: segOf(o.customer_class, o.important), area_type: o.area_type, channel: o.channel, order_type: o.order_type };
    const common = { order_id: o.id, org_unit_id: o.org_unit_id, org_path: o.org_path, ...seg };
    if (i % 3 === 2) {
      // an end-of-call answer
      rows.push({ method: 'end_of_call', source_key: `demo-eoc-${i}`, responded_at: at, overall: clamp5(base + 0.3), scale_min: 1, scale_max: 5, ...common });
      continue;
    }
    const touch = o.order_type === 'complaint' ? 'complaint' : 'repair';
    const survey = surveys[touch];
    if (invited.has(`${survey.id}:${o.id}`)) continue; // one invitation per order and survey
    invited.add(`${survey.id}:${o.id}`);
    invId++;
    const answered = rng() < 0.8;
    const sent = new Date(at.getTime() - rng() * DAY);
    invitations.push({
      id: invId,
      survey_id: survey.id,
      order_id: o.id,
      org_unit_id: o.org_unit_id,
      org_path: o.org_path,
      nonce: randomBytes(18).toString('base64url'),
      phone_masked: '139****0000',
      created_at: sent,
      expires_at: new Date(sent.getTime() + policy.invitationDays * DAY),
      answered_at: answered ? at : null,
    });
    if (!answered) continue;
    const answers: Record<string, string | number> = { overall, ...attrs, contact: ['sms', 'wechat', 'phone'][Math.floor(rng() * 3)] };
    const comment = rng() < 0.25 ? COMMENTS[Math.floor(rng() * COMMENTS.length)] : null;
    if (comment) answers.comment = comment;
    rows.push({
      method: 'survey',
      source_key: `inv:${invId}`,
      responded_at: at,
      survey_id: survey.id,
      invitation_id: invId,
      touch_point: touch,
      overall,
      scale_min: 1,
      scale_max: 5,
      attributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, [v, 1, 5]])),
      answers,
      comment,
      ...common,
    });
  }
  // IVR key presses on about one answered call in twenty of the demo log. The demo call log has no
  // links to orders; each rated call is linked here to a demo order it could have made (as the CTI
  // does, qa_call_orders) and its rating filed under that order, the way an IVR import files it.
  const calls = (
    await db.query(`SELECT cti_call_id, end_at FROM qa_calls WHERE outcome = 'answered' AND org_path LIKE $1 || '%' ORDER BY enter_at, cti_call_id`, [
      supervisor.orgPath,
    ])
  ).rows;
  const links: { cti_call_id: string; work_order_id: number }[] = [];
  const phoneOrders = orders.filter((o) => o.channel === 'phone');
  const callOrders = phoneOrders.length ? phoneOrders : orders;
  for (const c of calls) {
    if (rng() >= 0.05) continue;
    const o = callOrders[Math.floor(rng() * callOrders.length)];
    const v = clamp5(4 + noise(rng) * 1.6);
    links.push({ cti_call_id: c.cti_call_id, work_order_id: Number(o.id) });
    rows.push({
      method: 'ivr',
      source_key: c.cti_call_id,
      cti_call_id: c.cti_call_id,
      responded_at: new Date(new Date(c.end_at).getTime() + 30_000),
      order_id: o.id,
      overall: v,
      scale_min: policy.ivrScale.min,
      scale_max: policy.ivrScale.max,
      org_unit_id: o.org_unit_id,
      org_path: o.org_path,
      segment: segOf(o.customer_class, o.important),
      area_type: o.area_type,
      channel: o.channel,
      order_type: o.order_type,
    });
  }
  await db.query(
    `INSERT INTO qa_call_orders (cti_call_id, work_order_id) SELECT cti_call_id, work_order_id FROM jsonb_populate_recordset(NULL::qa_call_orders, $1::jsonb) ON CONFLICT DO NOTHING`,
    [JSON.stringify(links)],
  );
  await db.query(
    `INSERT INTO sat_invitations (id, survey_id, order_id, org_unit_id, org_path, nonce, phone_masked, created_at, expires_at, answered_at)
     SELECT id, survey_id, order_id, org_unit_id, org_path, nonce, phone_masked, created_at, expires_at, answered_at
       FROM jsonb_populate_recordset(NULL::sat_invitations, $1::jsonb)`,
    [JSON.stringify(invitations)],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('sat_invitations', 'id'), (SELECT max(id) FROM sat_invitations))`);
  const ins = await db.query(
    `INSERT INTO sat_responses (method, source_key, responded_at, order_id, cti_call_id, survey_id, invitation_id, touch_point, overall, scale_min, scale_max,
                                attributes, answers, comment, org_unit_id, org_path, segment, area_type, channel, order_type)
     SELECT method, source_key, responded_at, order_id, cti_call_id, survey_id, invitation_id, touch_point, overall, scale_min, scale_max,
            coalesce(attributes, '{}'), coalesce(answers, '{}'), comment, org_unit_id, org_path, segment, area_type, channel, order_type
       FROM jsonb_populate_recordset(NULL::sat_responses, $1::jsonb) ON CONFLICT (method, source_key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  // one improvement plan on repair satisfaction, with its actions
  const day = (d: number) => new Date(now.getTime() + 8 * 3_600_000 + d * DAY).toISOString().slice(0, 10);
  const plan = await createPlan(
    db,
    supervisor,
    {
      title: '提升故障抢修满意度',
      indicator: { dimension: 'orderType', key: 'fault_repair', windowDays: 90 },
      target: 80,
      ownerId: supervisor.id,
      actions: [
        { title: '抢修班组到达时间每日通报', dueOn: day(-20) },
        { title: '停电信息短信主动推送', dueOn: day(10) },
        { title: '高峰时段增派值班人员', dueOn: day(30) },
      ],
    },
    now,
  );
  await movePlan(db, supervisor, plan.id, 'do', plan.version);
  return { responses: ins.rowCount ?? 0 };
}
