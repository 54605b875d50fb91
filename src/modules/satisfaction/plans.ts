/**
 * Improvement plans (PDCA): an indicator with its baseline (measured when the plan is made), a
 * target, an owner, dated actions, the stage through plan → do → check → act, and re-measurements
 * that read the indicator's current value. Every change is audited.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, findStaffUserInScope, type Principal } from '../identity/index.js';
import { indicatorValue } from './analysis.js';
import { meetsTarget, moveRefusal, nextStages, type PdcaStage } from './pdca-rules.js';
import { localDay } from './score-rules.js';
import { getPolicy } from './settings.js';
import type { Indicator, PlanInput } from './schemas.js';

const num = (v: string | null) => (v === null ? null : Number(v));

async function loadPlan(q: Queryable, p: Principal, id: number, lock = false, now = new Date()) {
  const { rows } = await q.query(`SELECT * FROM sat_plans WHERE id = $1 AND org_path LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, p.orgPath]);
  const r = rows[0];
  if (!r) throw notFound('Improvement plan', '改进计划');
  const policy = await getPolicy(q);
  const today = localDay(now, policy.utcOffsetMinutes);
  const acts = await q.query(
    `SELECT id, title, to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(done_on, 'YYYY-MM-DD') AS done_on FROM sat_plan_actions WHERE plan_id = $1 ORDER BY due_on, id`,
    [id],
  );
  const ms = await q.query(
    `SELECT id, measured_at, to_char(period_from, 'YYYY-MM-DD') AS pf, to_char(period_to, 'YYYY-MM-DD') AS pt, value, n, met_target FROM sat_plan_measurements WHERE plan_id = $1 ORDER BY id`,
    [id],
  );
  return {
    id: Number(r.id),
    title: r.title,
    indicator: r.indicator as Indicator,
    baseline: num(r.baseline),
    baselineN: r.baseline_n,
    target: Number(r.target),
    ownerId: Number(r.owner_id),
    ownerName: r.owner_name,
    stage: r.stage as PdcaStage,
    nextStages: nextStages(r.stage),
    orgUnitId: Number(r.org_unit_id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    actions: acts.rows.map((a) => ({ id: Number(a.id), title: a.title, dueOn: a.due_on, doneOn: a.done_on, overdue: !a.done_on && a.due_on < today })),
    measurements: ms.rows.map((m) => ({
      id: Number(m.id),
      measuredAt: m.measured_at,
      periodFrom: m.pf,
      periodTo: m.pt,
      value: num(m.value),
      n: m.n,
      metTarget: m.met_target,
    })),
  };
}
export type PlanView = Awaited<ReturnType<typeof loadPlan>>;

export const getPlan = (q: Queryable, p: Principal, id: number) => loadPlan(q, p, id);

export async function listPlans(q: Queryable, p: Principal, f: { stage?: string; limit: number; offset: number }) {
  const params: unknown[] = [p.orgPath];
  const where = [`org_path LIKE $1 || '%'`];
  if (f.stage) where.push(`stage = $${params.push(f.stage)}`);
  const total = await q.query(`SELECT count(*)::int AS n FROM sat_plans WHERE ${where.join(' AND ')}`, params);
  const { rows } = await q.query(
    `SELECT id FROM sat_plans WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  const items = [];
  for (const r of rows) items.push(await loadPlan(q, p, Number(r.id)));
  return { items, total: total.rows[0].n };
}

function checkIndicator(ind: Indicator) {
  if ((ind.dimension === undefined) !== (ind.key === undefined))
    throw badField('indicator.key', 'required', '细分维度与取值须同时给出', 'dimension and key go together');
}

export async function createPlan(db: Db, p: Principal, input: PlanInput, now = new Date()) {
  checkIndicator(input.indicator);
  return withTx(db, async (tx) => {
    const owner = await findStaffUserInScope(tx, input.ownerId, p.orgPath);
    if (!owner) throw badField('ownerId', 'exists', '负责人不存在或不在本单位范围内', 'no such staff user in your scope');
    const base = await indicatorValue(tx, p.orgPath, input.indicator, now);
    const { rows } = await tx.query(
      `INSERT INTO sat_plans (title, indicator, baseline, baseline_n, target, owner_id, owner_name, stage, org_unit_id, org_path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'plan', $8, $9) RETURNING id`,
      [input.title, JSON.stringify(input.indicator), base.value, base.n, input.target, owner.id, owner.name, p.orgUnitId, p.orgPath],
    );
    const id = Number(rows[0].id);
    for (const a of input.actions ?? []) await tx.query(`INSERT INTO sat_plan_actions (plan_id, title, due_on) VALUES ($1, $2, $3)`, [id, a.title, a.dueOn]);
    const plan = await loadPlan(tx, p, id, false, now);
    await recordAudit(tx, actorOf(p), { action: 'pdca.create', entity: 'improvement_plan', entityId: id, orgUnitId: p.orgUnitId, after: plan });
    return plan;
  });
}

export async function addAction(db: Db, p: Principal, id: number, a: { title: string; dueOn: string }) {
  return withTx(db, async (tx) => {
    const plan = await loadPlan(tx, p, id, true);
    if (plan.stage === 'closed') throw conflict('计划已关闭', 'the plan is closed', { currentState: plan.stage });
    const { rows } = await tx.query(`INSERT INTO sat_plan_actions (plan_id, title, due_on) VALUES ($1, $2, $3) RETURNING id`, [id, a.title, a.dueOn]);
    await tx.query(`UPDATE sat_plans SET updated_at = now(), version = version + 1 WHERE id = $1`, [id]);
    await recordAudit(tx, actorOf(p), {
      action: 'pdca.action_add',
      entity: 'improvement_plan',
      entityId: id,
      orgUnitId: plan.orgUnitId,
      after: { actionId: Number(rows[0].id), ...a },
    });
    return loadPlan(tx, p, id);
  });
}

export async function completeAction(db: Db, p: Principal, id: number, actionId: number, doneOn: string) {
  return withTx(db, async (tx) => {
    const plan = await loadPlan(tx, p, id, true);
    const act = plan.actions.find((x) => x.id === actionId);
    if (!act) throw notFound('Action', '措施');
    if (act.doneOn) throw conflict('措施已完成', 'the action is already done', { doneOn: act.doneOn });
    if (plan.stage === 'plan' || plan.stage === 'closed')
      throw conflict('措施在执行阶段之后才能完成', 'actions are done from the do stage on', { currentState: plan.stage });
    await tx.query(`UPDATE sat_plan_actions SET done_on = $2 WHERE id = $1`, [actionId, doneOn]);
    await tx.query(`UPDATE sat_plans SET updated_at = now(), version = version + 1 WHERE id = $1`, [id]);
    await recordAudit(tx, actorOf(p), {
      action: 'pdca.action_done',
      entity: 'improvement_plan',
      entityId: id,
      orgUnitId: plan.orgUnitId,
      after: { actionId, doneOn },
    });
    return loadPlan(tx, p, id);
  });
}

/** Moves the plan to its next stage; act → plan starts the next cycle with the last measurement as the new baseline. */
export async function movePlan(db: Db, p: Principal, id: number, to: PdcaStage, version: number) {
  return withTx(db, async (tx) => {
    const plan = await loadPlan(tx, p, id, true);
    if (plan.version !== version)
      throw conflict('计划已被他人修改，请刷新', 'the plan changed meanwhile: reload it', { currentVersion: plan.version }, 'VERSION_CONFLICT');
    const { rows } = await tx.query(
      `SELECT count(*)::int AS n FROM sat_plan_measurements m JOIN sat_plans p ON p.id = m.plan_id WHERE m.plan_id = $1 AND m.measured_at >= p.stage_since`,
      [id],
    );
    const refusal = moveRefusal({ stage: plan.stage, actions: plan.actions.length, measurementsInCheck: plan.stage === 'check' ? rows[0].n : 0 }, to);
    if (refusal) throw conflict(refusal.zh, refusal.en, { currentState: plan.stage, allowed: plan.nextStages }, 'PDCA_' + refusal.rule.toUpperCase());
    const last = plan.measurements[plan.measurements.length - 1];
    if (to === 'plan' && last) await tx.query(`UPDATE sat_plans SET baseline = $2, baseline_n = $3 WHERE id = $1`, [id, last.value, last.n]);
    await tx.query(`UPDATE sat_plans SET stage = $2, stage_since = clock_timestamp(), updated_at = now(), version = version + 1 WHERE id = $1`, [id, to]);
    await recordAudit(tx, actorOf(p), {
      action: 'pdca.move',
      entity: 'improvement_plan',
      entityId: id,
      orgUnitId: plan.orgUnitId,
      before: { stage: plan.stage },
      after: { stage: to },
    });
    return loadPlan(tx, p, id);
  });
}

/** Re-measures the plan's indicator now and records the value against the target. */
export async function remeasure(db: Db, p: Principal, id: number, now = new Date()) {
  return withTx(db, async (tx) => {
    const plan = await loadPlan(tx, p, id, true, now);
    if (plan.stage === 'closed' || plan.stage === 'plan')
      throw conflict('执行后才能复测', 'the indicator is re-measured from the do stage on', { currentState: plan.stage });
    const v = await indicatorValue(tx, p.orgPath, plan.indicator, now);
    await tx.query(
      `INSERT INTO sat_plan_measurements (plan_id, measured_at, period_from, period_to, value, n, met_target) VALUES ($1, clock_timestamp(), $2, $3, $4, $5, $6)`,
      [id, v.periodFrom, v.periodTo, v.value, v.n, meetsTarget(v.value, plan.target)],
    );
    await tx.query(`UPDATE sat_plans SET version = version + 1 WHERE id = $1`, [id]);
    await recordAudit(tx, actorOf(p), {
      action: 'pdca.measure',
      entity: 'improvement_plan',
      entityId: id,
      orgUnitId: plan.orgUnitId,
      after: { value: v.value, n: v.n, target: plan.target },
    });
    return loadPlan(tx, p, id, false, now);
  });
}
