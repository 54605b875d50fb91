/**
 * Demo activity on top of the demo territory: about two weeks of work orders, fault outages and
 * a planned outage, so the queue, supervisor board, maps and reliability dashboard show something.
 * Everything goes THROUGH THE SERVICES (intake, transitions, callbacks, trouble calls and the
 * grouping runner, outage actions, planned outages), acting as the demo staff, so every record
 * is validated and audited like a user's; the audit records carry the user agent
 * `griddesk-seed/activity` so they can be told apart from real use.
 *
 * Time is honest, not simulated: every step happens when the seed runs. Past times are used only
 * where a service accepts them:
 *  - an order's received time lies in the past only as far as its channel allows
 *    (workorder_settings.max_backdate_minutes, checked by intake-rules): letters and 12345/12398
 *    referrals up to two weeks back here, fax a week, e-mail three days, counter a day, phone
 *    within the hour, portal orders now. Their dispatch, handling and callback are done now, so
 *    their clocks show how late they are — some are past their warning or breached;
 *  - trouble calls take their time (`at`, never in the future), but an outage's steps may not
 *    precede the outage record, which the grouping creates when it runs — now. So the restored
 *    outages are of the last few hours: calls 1.5–4 h ago (inside the grouping's lonely-call
 *    window), confirmed, crewed (accepted by the crew's member), restored and closed as the seed runs; their interruptions last
 *    from the first call to now and count in the reliability indices of the current period.
 * Deterministic for a seed value: the same choices, relative to the moment it runs.
 */
import type { Db } from '../db/pool.js';
import type { Role } from '../modules/identity/index.js';
import type { Principal } from '../modules/identity/index.js';
import { actorOf } from '../modules/identity/index.js';
import { intakeOrder, type IntakeInput } from '../modules/workorders/index.js';
import { ensureWorkorderDefaults } from '../modules/workorders/index.js';
import { transitionOrder } from '../modules/workorders/index.js';
import { recordCallback, type CallbackResult } from '../modules/workorders/index.js';
import type { Channel, Urgency } from '../modules/workorders/index.js';
import { outageServices } from '../modules/outages/index.js';
import { actOnOutage, type ActionInput } from '../modules/outages/index.js';
import { followOutageStep, receiveFaultOrder } from '../modules/outages/index.js';
import { createPlan } from '../modules/outages/index.js';
import { seedCallCentre } from '../modules/analytics/index.js';
import { seedSatisfactionActivity } from './satisfaction-activity.js';
import { mulberry32, pick, type Rng } from './random.js';
import { seedClosureActivity, seedConnectionActivity } from './connections.js';
import { seedBillingActivity, type BillingActivity } from './billing-activity.js';
import { setInterimAutoIssue } from '../modules/billing/index.js';
import { seedLedgerActivity } from './ledger-activity.js';
// benchmarking scorecards (同业对标)
import { seedScorecardActivity } from './scorecards-activity.js';
import { seedCollectionActivity } from './collection-activity.js';
import { seedPaymentsActivity } from './payments-activity.js';
import { seedDepositsActivity, type DepositsSeedResult } from './deposits-activity.js';
import { seedGatewayActivity, type GatewaySeedResult } from './gateway-activity.js';
import { seedPrepaidActivity } from './prepaid-activity.js';

export interface ActivityOptions {
  seed: number;
  /** work orders besides the fault calls (default scales with the territory, 20…120) */
  orders?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface ActivityResult {
  orders: number;
  closed: number;
  restoredOutages: number;
  activeOutageId: number | null;
  plannedId: number | null;
  /** 95598 orders raised by the demo's disputes about connection applications (src/seed/connections.ts) */
  disputeOrders: number;
  /** readings and bill runs (src/seed/billing-activity.ts) */
  billing?: BillingActivity;
  /** cash deposits (deposits-activity.ts) and the gateway statement (gateway-activity.ts) */
  deposits?: DepositsSeedResult;
  gateway?: GatewaySeedResult | null;
}

const USER_AGENT = 'griddesk-seed/activity';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

async function staff(db: Db, username: string): Promise<Principal> {
  const { rows } = await db.query(
    `SELECT u.id, u.display_name, u.role, u.org_unit_id, o.path, u.customer_id FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1 AND u.active`,
    [username],
  );
  const r = rows[0];
  if (!r) throw new Error(`demo activity needs the demo user ${username} (seed the territory first)`);
  return {
    kind: 'user',
    id: r.id,
    name: r.display_name,
    role: r.role as Role,
    scopes: [],
    orgUnitId: r.org_unit_id,
    orgPath: r.path,
    customerId: r.customer_id,
    csrfToken: null,
    ip: null,
    userAgent: USER_AGENT,
  };
}

/** How far back an order of each channel is received here: within the channel's limit, at most two weeks. */
const CHANNEL_AGE: Array<{ channel: Channel; weight: number; maxMs: number }> = [
  { channel: 'letter', weight: 4, maxMs: 14 * DAY },
  { channel: 'ref_12345', weight: 3, maxMs: 14 * DAY },
  { channel: 'ref_12398', weight: 2, maxMs: 14 * DAY },
  { channel: 'fax', weight: 1, maxMs: 6 * DAY },
  { channel: 'email', weight: 2, maxMs: 2 * DAY },
  { channel: 'counter', weight: 3, maxMs: 20 * HOUR },
  { channel: 'phone', weight: 6, maxMs: 45 * MIN },
];

const REQUESTS: Record<string, Array<{ subtype: string | null; title: string; text: string; result: string }>> = {
  consultation: [
    { subtype: null, title: '咨询峰谷电价', text: '客户咨询居民峰谷分时电价的时段和办理方式。', result: '已告知峰谷时段及网上国网办理方式' },
    { subtype: null, title: '咨询阶梯电价', text: '客户询问本月电费较高是否进入第二档阶梯电价。', result: '已解释阶梯电价档位及本户用电量' },
    { subtype: null, title: '咨询增容手续', text: '客户咨询商铺增容需要准备的资料和办理时限。', result: '已告知增容所需资料和时限' },
  ],
  service_request: [
    { subtype: 'meter_fault', title: '电能表黑屏', text: '客户反映电能表显示屏黑屏，无法查看读数。', result: '已现场更换电能表，读数已确认' },
    {
      subtype: 'reading_dispute',
      title: '电量异常增高',
      text: '客户对上月电量有异议，认为远高于往月。',
      result: '已核对抄表数据并现场校验，计量正常，已向客户解释',
    },
    { subtype: 'reconnection', title: '缴费后复电', text: '客户已结清欠费，申请尽快恢复供电。', result: '已远程复电，客户确认来电' },
    { subtype: 'meter_test', title: '申请校验电能表', text: '客户申请对电能表进行校验。', result: '已完成校验，误差在允许范围内' },
  ],
  complaint: [
    { subtype: 'service', title: '营业厅服务态度差', text: '客户投诉营业厅工作人员办理业务时态度冷淡、解释不清。', result: '已约谈当事员工并向客户致歉' },
    { subtype: 'supply_quality', title: '电压偏低', text: '客户投诉晚间电压偏低，空调无法启动。', result: '已调整配变分接头，电压恢复正常' },
    { subtype: 'outage', title: '停电未提前通知', text: '客户投诉计划停电未收到通知，影响店铺经营。', result: '已核实通知记录并向客户解释，完善通知名单' },
  ],
  report: [{ subtype: null, title: '举报窃电', text: '群众举报附近有人私拉乱接、疑似窃电。', result: '已现场核查并依法处理' }],
  suggestion: [{ subtype: null, title: '建议增加缴费网点', text: '客户建议在村委会增设代收电费网点。', result: '已转营销部门研究，并向客户反馈' }],
  praise: [{ subtype: null, title: '表扬抢修人员', text: '客户表扬抢修人员冒雨连夜抢修、服务周到。', result: '已转达表扬' }],
};
const TYPE_WEIGHTS: Array<[string, number]> = [
  ['consultation', 5],
  ['service_request', 6],
  ['complaint', 3],
  ['report', 1],
  ['suggestion', 2],
  ['praise', 1],
];

function weighted<T>(rng: Rng, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1][0];
}

interface Sp {
  id: number;
  customerId: number;
  phone: string | null;
  transformerId: number;
  orgUnitId: number;
}

export async function seedActivity(db: Db, opts: ActivityOptions): Promise<ActivityResult> {
  const rng = mulberry32(opts.seed ^ 0x5eed_ac7);
  const progress = opts.onProgress ?? (() => {});
  // the SLA policies and calendar the app puts in place when it first starts (idempotent)
  await ensureWorkorderDefaults(db);
  const [taker, dispatcher, supervisor, marketing] = await Promise.all(['calltaker', 'dispatcher', 'supervisor', 'marketing'].map((u) => staff(db, u)));
  const portalUser = await staff(db, 'customer1').catch(() => null);
  const sps: Sp[] = (
    await db.query(
      `SELECT sp.id, sp.customer_id, c.phone, sp.transformer_id, sp.org_unit_id FROM service_points sp JOIN customers c ON c.id = sp.customer_id
      WHERE sp.transformer_id IS NOT NULL ORDER BY sp.id`,
    )
  ).rows.map((r) => ({
    id: Number(r.id),
    customerId: Number(r.customer_id),
    phone: r.phone,
    transformerId: Number(r.transformer_id),
    orgUnitId: Number(r.org_unit_id),
  }));
  if (sps.length === 0) throw new Error('demo activity needs customers on the network (seed with --customers > 0)');
  const nOrders = opts.orders ?? Math.max(20, Math.min(120, Math.round(sps.length / 40)));
  // transformers with at least three customers, for the outages; each outage gets its own
  const byTransformer = new Map<number, Sp[]>();
  for (const s of sps) byTransformer.set(s.transformerId, [...(byTransformer.get(s.transformerId) ?? []), s]);
  const outageTransformers = [...byTransformer.entries()].filter(([, list]) => list.length >= 3).map(([t]) => t);
  let nRestored = Math.min(4, Math.max(0, outageTransformers.length - 2));
  const total = nOrders + nRestored + 4;
  let done = 0;
  const step = (stage: string) => progress(++done, total, stage);
  const now = Date.now();
  const result: ActivityResult = { orders: 0, closed: 0, restoredOutages: 0, activeOutageId: null, plannedId: null, disputeOrders: 0 };

  // 1. Work orders of every type and channel, oldest first, some taken around the whole loop.
  const plannedOrders = Array.from({ length: nOrders }, (_, i) => {
    const ch = weighted(
      rng,
      CHANNEL_AGE.map((c) => [c, c.weight] as [typeof c, number]),
    );
    const portal = portalUser !== null && i % 17 === 5;
    const ageMs = portal ? 0 : Math.floor((0.05 + 0.95 * rng()) * ch.maxMs);
    const type = weighted(rng, TYPE_WEIGHTS);
    return {
      channel: portal ? ('web' as Channel) : ch.channel,
      ageMs,
      type,
      portal,
      sp: pick(rng, sps),
      req: pick(rng, REQUESTS[type]),
      fate: rng(),
      urgency: (rng() < 0.15 ? 'urgent' : 'normal') as Urgency,
      cb: rng(),
    };
  }).sort((a, b) => b.ageMs - a.ageMs);
  for (const o of plannedOrders) {
    const p = o.portal ? portalUser! : taker;
    const sp = o.portal ? (sps.find((s) => s.customerId === portalUser!.customerId) ?? o.sp) : o.sp;
    const input: IntakeInput = {
      orderType: o.type,
      subtype: o.req.subtype,
      channel: o.channel,
      urgency: o.urgency,
      customerId: sp.customerId,
      servicePointId: sp.id,
      title: o.req.title,
      description: o.req.text,
      ...(o.channel === 'phone' && sp.phone ? { callerPhone: sp.phone } : {}),
      ...(o.ageMs > 0 ? { receivedAt: new Date(Date.now() - o.ageMs).toISOString() } : {}),
    };
    const { order } = await intakeOrder(db, p, input, null);
    result.orders++;
    const id = order.id as number;
    // older orders are further along; about half of them are closed through the whole loop
    const closeIt = o.fate < 0.25 + 0.5 * Math.min(1, o.ageMs / (7 * DAY));
    const stage = closeIt ? 4 : Math.floor(o.fate * 4); // 0 accepted, 1 dispatched, 2 in progress, 3 handled
    if (!o.portal && stage >= 1) {
      await transitionOrder(db, dispatcher, id, { action: 'dispatch', orgUnitId: sp.orgUnitId, note: '派至供电所处理' });
      if (stage >= 2) await transitionOrder(db, marketing, id, { action: 'start' });
      if (stage >= 3) {
        const handled = await transitionOrder(db, marketing, id, { action: 'handle', result: o.req.result });
        if (stage >= 4) {
          if (handled.status === 'callback') {
            const cb = (await db.query(`SELECT id FROM callbacks WHERE order_id = $1 AND status = 'pending'`, [id])).rows[0];
            const res: CallbackResult = o.cb < 0.7 ? 'satisfied' : o.cb < 0.92 ? 'basically_satisfied' : 'dissatisfied';
            await recordCallback(
              db,
              taker,
              Number(cb.id),
              res === 'dissatisfied' ? { result: res, reason: '客户认为处理不彻底，要求再次上门' } : { result: res, score: res === 'satisfied' ? 5 : 4 },
            );
            if (res !== 'dissatisfied') result.closed++;
          } else {
            await transitionOrder(db, supervisor, id, { action: 'close', note: '处理完毕，归档' });
            result.closed++;
          }
        }
      }
    }
    step('activity: work orders');
  }

  // 2. Fault outages restored as the seed runs: trouble calls from the last few hours (a call takes
  //    its time), grouped, then confirmed, crewed, restored and closed now — an outage's steps can
  //    never precede the outage record, so each interruption lasts from its first call until now.
  const svc = outageServices(db);
  // a crew accepts its assignment itself: each crew with a member acts through that member
  const crews = (
    await db.query(`SELECT c.id, c.org_unit_id, o.path,
      (SELECT u.username FROM crew_members m JOIN users u ON u.id = m.user_id WHERE m.crew_id = c.id AND u.active ORDER BY u.id LIMIT 1) AS member
      FROM crews c JOIN org_units o ON o.id = c.org_unit_id ORDER BY c.id`)
  ).rows;
  const members = new Map<string, Principal>();
  for (const c of crews) if (c.member && !members.has(c.member)) members.set(c.member, await staff(db, c.member));
  const orgPaths = new Map((await db.query('SELECT id, path FROM org_units')).rows.map((r) => [Number(r.id), r.path as string]));
  /** The member who answers for the crew, when the crew has one who can see outages at the service point. */
  const memberFor = (crew: { member: string | null }, sp: Sp) => {
    const m = crew.member ? members.get(crew.member) : undefined;
    return m && orgPaths.get(sp.orgUnitId)!.startsWith(m.orgPath) ? m : undefined;
  };
  // the nearest staffed crew over the service point: outages are only where such a crew can accept them
  const crewFor = (sp: Sp) => crews.find((c) => orgPaths.get(sp.orgUnitId)!.startsWith(c.path) && memberFor(c, sp));
  const shuffled = outageTransformers
    .filter((t) => crewFor(byTransformer.get(t)![0]))
    .map((t) => ({ t, k: rng() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.t);
  nRestored = Math.min(nRestored, Math.max(0, shuffled.length - 2));
  const causes = ['equipment', 'overload', 'lightning', 'third_party'];
  for (let i = 0; i < nRestored; i++) {
    const callers = byTransformer.get(shuffled[i])!.slice(0, 3);
    // the first call between about 4 h and 1.5 h ago: inside the grouping's lonely-call window
    const t0 = Date.now() - (230 - i * 45 - Math.floor(rng() * 10)) * MIN;
    const calls = [];
    for (const [k, c] of callers.entries())
      calls.push(await svc.intake.submit({ servicePointId: c.id, at: new Date(t0 + k * 4 * MIN), note: '客户来电：家中停电' }, actorOf(taker)));
    await svc.runner.run();
    const outageId = (await db.query('SELECT outage_id FROM outage_calls WHERE id = $1', [calls[0].callId])).rows[0]?.outage_id as number | null;
    if (outageId) {
      const crew = crewFor(callers[0])!;
      const act = (input: ActionInput) => actOnOutage(svc.host, dispatcher, outageId, input);
      await act({ type: 'confirm', etr: new Date(Date.now() + 30 * MIN) });
      await act({ type: 'assign_crew', crewId: crew.id });
      await actOnOutage(svc.host, memberFor(crew, callers[0])!, outageId, { type: 'accept_assignment' }); // on the crew's phone
      await act({ type: 'depart' });
      await act({ type: 'arrive' });
      await act({ type: 'restore', causeClass: pick(rng, causes), causeNote: '更换损坏的配变低压熔断器' });
      await act({ type: 'confirm_restoration', source: 'callback' });
      await act({ type: 'close' });
      result.restoredOutages++;
    }
    step('activity: outages');
  }

  // 3. One outage going on now: fault calls at the desk within the hour, linked to their orders.
  if (shuffled.length > nRestored) {
    const callers = byTransformer.get(shuffled[nRestored])!.slice(0, 3);
    for (const [k, c] of callers.entries()) {
      await receiveFaultOrder(
        db,
        svc,
        taker,
        {
          channel: 'phone',
          customerId: c.customerId,
          servicePointId: c.id,
          ...(c.phone ? { callerPhone: c.phone } : {}),
          receivedAt: new Date(Date.now() - (40 - k * 10) * MIN).toISOString(),
          description: '家中突然停电，邻居家也没电',
        },
        null,
      );
    }
    await svc.runner.run();
    const outageId = (
      await db.query(
        `SELECT o.outage_id FROM outage_calls o JOIN work_orders w ON w.id = o.order_id WHERE w.service_point_id = $1 AND o.outage_id IS NOT NULL ORDER BY o.id DESC LIMIT 1`,
        [callers[0].id],
      )
    ).rows[0]?.outage_id as number | undefined;
    if (outageId) {
      const crew = crewFor(callers[0])!;
      await actOnOutage(svc.host, dispatcher, outageId, { type: 'confirm', etr: new Date(Date.now() + 2 * HOUR) });
      const after = await actOnOutage(svc.host, dispatcher, outageId, { type: 'assign_crew', crewId: crew.id });
      await followOutageStep(db, dispatcher, outageId, 'assign_crew', after.crew_id === null ? null : crew.org_unit_id);
      result.activeOutageId = outageId;
    }
  }
  step('activity: outages');

  // 4. A planned outage ten days ahead (outside the notice window: approved, customers notified now).
  if (shuffled.length > nRestored + 1) {
    const start = new Date(now + 10 * DAY);
    start.setUTCHours(0, 0, 0, 0); // 08:00 in Shanghai
    const plan = await createPlan(db, dispatcher, {
      kind: 'planned',
      startsAt: start,
      endsAt: new Date(start.getTime() + 6 * HOUR),
      reason: '10kV 线路计划检修，更换老旧配变',
      deviceIds: [shuffled[nRestored + 1]],
    });
    result.plannedId = plan.id as number;
  }
  step('activity: planned outage');

  // 5. The call centre: four weeks of the 95598 queue's queue_log, imported for the county.
  await seedCallCentre(db, supervisor, { seed: opts.seed });
  // connection applications (业扩报装) across kinds, classes and stages
  await seedConnectionActivity(db, { seed: opts.seed });
  // 5. Readings of the last three months, one released bill run and one under review.
  result.billing = await seedBillingActivity(db, await staff(db, 'billing'), supervisor, opts.seed);
  // the demo's split-settlement agreement issues no interim bill on its own: the demo's tests count the month's
  // bills, notices and receivable of the runs (docs/billing.md §19); the schedule is switched off as an admin would
  await setInterimAutoIssue(db, await staff(db, 'admin'), false);
  step('activity: billing');
  // 长期不用电销户: vacant houses whose readings have not moved, the finder's cases; a dispute as a 95598 order
  result.disputeOrders = (await seedClosureActivity(db, { seed: opts.seed })).disputes;
  // 5. Demo books: four months of money events through the ledger's posting contract (ledger-activity.ts).
  // The released run's bills and the demo's counter payments (step 6) are posted for real on today's date: the
  // synthetic events stop before this month, so no customer's receivable is counted twice.
  const beijing = new Date(Date.now() + 8 * 3_600_000);
  await seedLedgerActivity(db, await staff(db, 'admin'), opts.seed, new Date(), {
    realFrom: result.billing ? beijing.getUTCFullYear() * 100 + beijing.getUTCMonth() + 1 : undefined,
  });
  // satisfaction (issue 12): surveys, four months of responses, IVR key presses on the demo calls, a PDCA plan
  await seedSatisfactionActivity(db, supervisor, opts.seed);
  // benchmarking scorecards (同业对标): last month's and this month's, after everything they count
  await seedScorecardActivity(db, supervisor, opts.seed);
  // 6. Counter payments on the released run: paid, part-paid, overpaid and unpaid bills (payments-activity.ts).
  if (result.billing) await seedPaymentsActivity(db, await staff(db, 'cashier'), result.billing.releasedRunId, opts.seed);
  // 7. Collection (催费): arrears across the ageing buckets, the daily pass, notices, a stop order awaiting approval, an installment
  if (result.billing) await seedCollectionActivity(db, await staff(db, 'billing'), result.billing.releasedRunId, opts.seed);
  step('activity: collection');
  // prepaid fee control (预付费): accounts, two weeks of daily passes, a disconnect and a reconnection (prepaid-activity.ts)
  await seedPrepaidActivity(db, await staff(db, 'billing'), await staff(db, 'cashier'), opts.seed);
  // cash deposits of the last days (one waiting for approval) and an imported gateway statement with every kind of exception
  result.deposits = await seedDepositsActivity(db, await staff(db, 'cashier'), opts.seed);
  if (result.billing) result.gateway = await seedGatewayActivity(db, await staff(db, 'cashier'), opts.seed);
  return result;
}
