/**
 * Planned outages: a plan names devices, a window and a reason; the customers it interrupts are
 * found by tracing the network below the devices. Notices go to the outbox when the plan is
 * approved — at once when it respects the notice lead times, after approval when it does not
 * (then it is flagged). Starting the work records each customer's interruption (reliability
 * counts it), completing it ends them; calls from those customers meanwhile are answered from the plan.
 */
import { withTx, type Db, type Tx } from '../../../db/pool.js';
import { badField, conflict, notFound } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf, type Principal } from '../../identity/index.js';
import { inOrgScope, orgUnitField } from '../../orgs/index.js';
import { servicePointsUnder } from '../../network/index.js';
import { checkPlannedNotice, type PlannedKind } from './planned-notice-rules.js';
import { loadPolicy } from '../admin/policy-store.js';
import { formatLocal, queueCustomerNotices } from '../notices/outage-notices.js';
import { insertOutage } from '../lifecycle/outage-rows.js';
import { endInterruptions } from '../lifecycle/restoration.js';
import type { Plan, PlanDetail, PlanFilter, PlanRequest } from '../schemas.js';

export interface PlanInput {
  kind: PlannedKind;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  deviceIds: number[];
}

/** A plan as the API takes it (times as ISO strings). */
export async function planOutage(db: Db, p: Principal, b: PlanRequest) {
  return createPlan(db, p, { ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) });
}

export async function createPlan(db: Db, p: Principal, input: PlanInput, now = new Date()) {
  const devices = await db.query(
    `SELECT d.id, d.org_unit_id, ${orgUnitField('d.org_unit_id', 'path')} AS path FROM pub_network_devices d WHERE d.id = ANY($1::bigint[]) AND ${inOrgScope('d.org_unit_id', '$2')} ORDER BY d.id`,
    [input.deviceIds, p.orgPath],
  );
  const missing = input.deviceIds.filter((id) => !devices.rows.some((d) => d.id === id));
  if (missing.length > 0)
    throw badField(
      'deviceIds',
      'exists',
      `设备 ${missing.join(',')} 不存在或不在管辖范围内`,
      `devices ${missing.join(',')} do not exist or are outside your scope`,
    );
  const affected = await servicePointsUnder(db, input.deviceIds);
  const important = affected.filter((a) => a.important).length;
  const check = checkPlannedNotice(
    {
      kind: input.kind,
      start: input.startsAt,
      end: input.endsAt,
      noticeAt: now,
      importantCustomers: important,
      ordinaryCustomers: affected.length - important,
    },
    (await loadPolicy(db, 'notice', now)).data,
  );
  const bad = check.problems[0];
  if (bad) throw badField(bad.field === 'end' ? 'endsAt' : 'startsAt', bad.rule, bad.zh, bad.en);
  const org = devices.rows[0];
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO planned_outages (plan_no, kind, status, starts_at, ends_at, reason, org_unit_id, org_path, needs_approval, notice_shortfalls, affected_customers, created_by)
       VALUES ('JH' || to_char($3::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('outage_no_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        input.kind,
        check.needsApproval ? 'pending_approval' : 'approved',
        input.startsAt,
        input.endsAt,
        input.reason,
        org.org_unit_id,
        org.path,
        check.needsApproval,
        JSON.stringify(check.shortfalls),
        affected.length,
        p.id,
      ],
    );
    const plan = rows[0];
    await tx.query('INSERT INTO planned_outage_devices (planned_id, device_id) SELECT $1, unnest($2::bigint[])', [plan.id, input.deviceIds]);
    await tx.query(
      `INSERT INTO planned_outage_customers (planned_id, service_point_id, customer_id, important) SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bool[])`,
      [plan.id, affected.map((a) => a.id), affected.map((a) => a.customer_id), affected.map((a) => a.important)],
    );
    if (!check.needsApproval) await notifyPlan(tx, plan.id, now);
    await recordAudit(tx, actorOf(p), {
      action: 'planned.create',
      entity: 'planned_outage',
      entityId: plan.id,
      orgUnitId: plan.org_unit_id,
      after: { ...input, needsApproval: check.needsApproval, shortfalls: check.shortfalls, affected: affected.length },
    });
    return planView(plan);
  });
}

async function notifyPlan(tx: Tx, planId: number, now: Date): Promise<void> {
  const { rows } = await tx.query(
    `UPDATE planned_outage_customers pc SET notified_at = $2 FROM planned_outages p WHERE p.id = pc.planned_id AND pc.planned_id = $1 AND pc.notified_at IS NULL
     RETURNING pc.service_point_id, pc.customer_id, p.plan_no, p.starts_at, p.ends_at, p.reason`,
    [planId, now],
  );
  await queueCustomerNotices(
    tx,
    rows.map((r) => ({
      customerId: r.customer_id,
      servicePointId: r.service_point_id,
      event: 'planned.notice',
      text: `因${r.reason}，计划于 ${formatLocal(r.starts_at)} 至 ${formatLocal(r.ends_at)} 停电（计划编号 ${r.plan_no}），请提前做好准备。`,
      payload: { planId, planNo: r.plan_no, startsAt: r.starts_at, endsAt: r.ends_at },
    })),
    now,
  );
}

export const PLAN_STEPS = ['approve', 'start', 'complete', 'cancel'] as const;
type Step = (typeof PLAN_STEPS)[number];
const FROM: Record<Step, string[]> = {
  approve: ['pending_approval'],
  start: ['approved'],
  complete: ['in_progress'],
  cancel: ['pending_approval', 'approved'],
};
const TO: Record<Step, string> = { approve: 'approved', start: 'in_progress', complete: 'completed', cancel: 'cancelled' };

export async function stepPlan(db: Db, p: Principal, id: number, step: Step, at = new Date()) {
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(`SELECT * FROM planned_outages WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE`, [id, p.orgPath]);
    const plan = rows[0];
    if (!plan) throw notFound('Planned outage', '计划停电');
    if (!FROM[step].includes(plan.status))
      throw conflict(`计划当前为 ${plan.status}，不能${step}`, `cannot ${step} a plan that is ${plan.status}`, {
        reason: 'invalid_transition',
        status: plan.status,
      });
    const set: Record<string, unknown> = { status: TO[step] };
    if (step === 'approve') {
      Object.assign(set, { approved_by: p.id, approved_at: at });
      await notifyPlan(tx, id, at);
    } else if (step === 'start') {
      const devices = (await tx.query('SELECT device_id FROM planned_outage_devices WHERE planned_id = $1 ORDER BY device_id', [id])).rows.map(
        (r) => r.device_id,
      );
      const outageId = await insertOutage(tx, { deviceId: devices[0], status: 'on_site', pinned: true, startedAt: at, kind: 'planned' });
      await tx.query(`UPDATE outages SET arrived_at = $2, cause_class = 'planned', cause_note = $3 WHERE id = $1`, [outageId, at, plan.reason]);
      await tx.query('INSERT INTO outage_devices (outage_id, device_id) SELECT $1, unnest($2::bigint[])', [outageId, devices]);
      await tx.query(
        `INSERT INTO outage_customers (outage_id, service_point_id, customer_id, org_unit_id, feeder_id, important, interruption_start, cause_class, counted)
         SELECT $1, sp.id, sp.customer_id, sp.org_unit_id, t.parent_id, sp.important, $2, 'planned', true
           FROM planned_outage_customers pc JOIN pub_service_points sp ON sp.id = pc.service_point_id LEFT JOIN pub_network_devices t ON t.id = sp.transformer_id
          WHERE pc.planned_id = $3
         ON CONFLICT DO NOTHING`,
        [outageId, at, id],
      );
      await tx.query('UPDATE outages SET affected_customers = (SELECT count(*) FROM outage_customers WHERE outage_id = $1) WHERE id = $1', [outageId]);
      set.outage_id = outageId;
    } else if (step === 'complete') {
      await endInterruptions(tx, plan.outage_id, at, null, null);
      await tx.query(
        `UPDATE outages SET status = 'closed', restored_at = $2, restoration_confirmed_at = $2, restoration_source = 'meter', closed_at = $2 WHERE id = $1`,
        [plan.outage_id, at],
      );
    } else {
      const told = await tx.query('SELECT service_point_id, customer_id FROM planned_outage_customers WHERE planned_id = $1 AND notified_at IS NOT NULL', [id]);
      await queueCustomerNotices(
        tx,
        told.rows.map((r) => ({
          customerId: r.customer_id,
          servicePointId: r.service_point_id,
          event: 'planned.cancelled',
          text: `原定 ${formatLocal(plan.starts_at)} 的计划停电（编号 ${plan.plan_no}）已取消，届时正常供电。`,
          payload: { planId: id, planNo: plan.plan_no },
        })),
        at,
      );
    }
    const cols = Object.keys(set);
    const after = (
      await tx.query(`UPDATE planned_outages SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1 RETURNING *`, [
        id,
        ...cols.map((c) => set[c]),
      ])
    ).rows[0];
    await recordAudit(tx, actorOf(p), {
      action: `planned.${step}`,
      entity: 'planned_outage',
      entityId: id,
      orgUnitId: plan.org_unit_id,
      before: { status: plan.status },
      after: { status: after.status },
    });
    return planView(after);
  });
}

export async function listPlans(db: Db, p: Principal, f: PlanFilter) {
  const { rows } = await db.query(
    `SELECT * FROM planned_outages WHERE org_path LIKE $1 || '%' AND ($2::text IS NULL OR status = $2) ORDER BY starts_at DESC LIMIT $3 OFFSET $4`,
    [p.orgPath, f.status ?? null, f.limit, f.offset],
  );
  return rows.map(planView);
}

export async function planDetail(db: Db, p: Principal, id: number): Promise<PlanDetail> {
  const { rows } = await db.query(`SELECT * FROM planned_outages WHERE id = $1 AND org_path LIKE $2 || '%'`, [id, p.orgPath]);
  if (!rows[0]) throw notFound('Planned outage', '计划停电');
  const [devices, counts] = await Promise.all([
    db.query(
      'SELECT d.id, d.kind, d.code, d.name FROM planned_outage_devices pd JOIN pub_network_devices d ON d.id = pd.device_id WHERE pd.planned_id = $1 ORDER BY d.id',
      [id],
    ),
    db.query(
      'SELECT count(*)::int AS total, count(*) FILTER (WHERE important)::int AS important, count(notified_at)::int AS notified FROM planned_outage_customers WHERE planned_id = $1',
      [id],
    ),
  ]);
  return { ...planView(rows[0]), devices: devices.rows, customers: counts.rows[0] };
}

function planView(r: Record<string, any>): Plan {
  return {
    id: r.id,
    planNo: r.plan_no,
    kind: r.kind,
    status: r.status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    reason: r.reason,
    orgUnitId: r.org_unit_id,
    needsApproval: r.needs_approval,
    noticeShortfalls: r.notice_shortfalls,
    approvedAt: r.approved_at,
    outageId: r.outage_id,
    affectedCustomers: r.affected_customers,
  };
}
