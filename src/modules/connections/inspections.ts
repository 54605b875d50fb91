/**
 * 大客户年度检查: the year's plan for the large customers of the caller's subtree, results with
 * findings and rectification deadlines, rectification, and the list with each inspection's state
 * (inspection-rules.ts). Every change is audited.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, badFields, conflict, notFound } from '../../platform/errors.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { inspectionState, proposePlan, rectificationDue, resultProblems, type Finding, type InspectionState } from './inspection-rules.js';
import { DEFAULT_INSPECTION_POLICY, type InspectionPolicy } from './policy.js';
import type { InspectionListQuery, InspectionResultInput, RectifiedInput } from './schemas.js';
import { currentPolicy } from './store.js';
import { localToday } from './view.js';

async function inspectionPolicy(db: Queryable): Promise<InspectionPolicy> {
  return (await currentPolicy(db)).data.inspection ?? DEFAULT_INSPECTION_POLICY;
}

async function today(db: Queryable, now: Date) {
  return localToday(await getSlaContext(db), now);
}

function view(r: Record<string, any>, todayIs: string, p: InspectionPolicy) {
  // dates are selected as text ('YYYY-MM-DD'): never through a JavaScript Date and the process's time zone
  const facts = {
    plannedOn: r.planned_on as string,
    doneOn: r.done_on as string | null,
    rectificationDue: r.rectification_due as string | null,
    rectifiedOn: r.rectified_on as string | null,
  };
  return {
    id: Number(r.id),
    applicationId: Number(r.application_id),
    customerName: r.name as string,
    contractedKva: Number(r.contracted_kva),
    year: r.year as number,
    ...facts,
    inspectorName: r.inspector_name as string | null,
    findings: r.findings as Finding[],
    note: r.note as string | null,
    state: inspectionState(facts, todayIs, p),
  };
}

const SELECT = `SELECT i.id, i.application_id, i.year, i.planned_on::text AS planned_on, i.done_on::text AS done_on,
       i.rectification_due::text AS rectification_due, i.rectified_on::text AS rectified_on, i.inspector_name, i.findings, i.note, r.name, r.contracted_kva
  FROM large_customer_inspections i JOIN large_customer_register r ON r.application_id = i.application_id`;

async function reread(tx: Queryable, id: number) {
  return (await tx.query(`${SELECT} WHERE i.id = $1`, [id])).rows[0];
}

export async function listInspections(db: Db, p: Principal, q: InspectionListQuery, now = new Date()) {
  const [policy, todayIs] = await Promise.all([inspectionPolicy(db), today(db, now)]);
  const year = q.year ?? Number(todayIs.slice(0, 4));
  const { rows } = await db.query(`${SELECT} WHERE i.org_path LIKE $1 || '%' AND i.year = $2 ORDER BY i.planned_on, r.contracted_kva DESC, i.id`, [
    p.orgPath,
    year,
  ]);
  const all = rows.map((r) => view(r, todayIs, policy));
  const counts = Object.fromEntries(
    (['planned', 'overdue', 'done', 'rectifying', 'rectification_overdue', 'closed'] as InspectionState[]).map((s) => [
      s,
      all.filter((x) => x.state === s).length,
    ]),
  ) as Record<InspectionState, number>;
  const unplanned = (
    await db.query(
      `SELECT count(*)::int AS n FROM large_customer_register r WHERE r.large AND r.org_path LIKE $1 || '%'
          AND NOT EXISTS (SELECT 1 FROM large_customer_inspections i WHERE i.application_id = r.application_id AND i.year = $2)`,
      [p.orgPath, year],
    )
  ).rows[0].n as number;
  const filtered = q.state ? all.filter((x) => x.state === q.state) : all;
  return { year, today: todayIs, counts, unplanned, total: filtered.length, items: filtered.slice(q.offset, q.offset + q.limit) };
}

/** Plans the year for every large customer in scope that has no inspection that year yet; running it again adds only the new ones. */
export async function planInspections(db: Db, p: Principal, input: { year: number }, now = new Date()) {
  const todayIs = await today(db, now);
  if (input.year < Number(todayIs.slice(0, 4))) throw badField('year', 'not_past', '不能为已过去的年度制定检查计划', 'a plan cannot be made for a past year');
  const policy = await inspectionPolicy(db);
  return withTx(db, async (tx) => {
    const entries = (
      await tx.query(
        `SELECT application_id, org_path FROM large_customer_register WHERE large AND org_path LIKE $1 || '%' ORDER BY contracted_kva DESC, application_id FOR UPDATE`,
        [p.orgPath],
      )
    ).rows;
    const planned = new Set(
      (await tx.query(`SELECT application_id FROM large_customer_inspections WHERE year = $1 AND org_path LIKE $2 || '%'`, [input.year, p.orgPath])).rows.map(
        (r) => Number(r.application_id),
      ),
    );
    const orgOf = new Map(entries.map((e) => [Number(e.application_id), e.org_path as string]));
    const plan = proposePlan(
      entries.map((e) => Number(e.application_id)),
      input.year,
      planned,
      policy,
      todayIs,
    );
    if (plan.length)
      await tx.query(
        `INSERT INTO large_customer_inspections (application_id, org_path, year, planned_on, created_by)
         SELECT a, o, $3, d, $4 FROM unnest($1::bigint[], $2::text[], $5::date[]) AS s(a, o, d) ON CONFLICT (application_id, year) DO NOTHING`,
        [plan.map((x) => x.id), plan.map((x) => orgOf.get(x.id)), input.year, p.kind === 'user' ? p.id : null, plan.map((x) => x.plannedOn)],
      );
    await recordAudit(tx, actorOf(p), {
      action: 'inspection.plan',
      entity: 'large_customer_inspection',
      entityId: input.year,
      orgUnitId: p.orgUnitId,
      after: { year: input.year, created: plan.length, alreadyPlanned: planned.size },
    });
    return { year: input.year, created: plan.length, alreadyPlanned: planned.size };
  });
}

async function lockVisible(tx: Queryable, p: Principal, id: number) {
  const r = (await tx.query(`${SELECT} WHERE i.id = $1 AND i.org_path LIKE $2 || '%' FOR UPDATE OF i`, [id, p.orgPath])).rows[0];
  if (!r) throw notFound('Inspection', '检查记录');
  return r;
}

export async function recordInspectionResult(db: Db, p: Principal, id: number, input: InspectionResultInput, now = new Date()) {
  const [policy, todayIs] = await Promise.all([inspectionPolicy(db), today(db, now)]);
  return withTx(db, async (tx) => {
    const r = await lockVisible(tx, p, id);
    if (r.done_on) throw conflict('该检查已记录结果', 'this inspection already has its result', {}, 'ALREADY_DONE');
    const problems = resultProblems({ doneOn: input.doneOn, findings: input.findings }, r.year, todayIs);
    if (problems.length) throw badFields('VALIDATION_FAILED', `请求参数有误：${problems[0].zh}`, `Invalid request: ${problems[0].en}`, problems);
    const due = rectificationDue(input.doneOn, input.findings, policy);
    await tx.query(
      `UPDATE large_customer_inspections SET done_on = $2, inspector_id = $3, inspector_name = $4, findings = $5, rectification_due = $6, note = $7, updated_at = now()
        WHERE id = $1`,
      [id, input.doneOn, p.kind === 'user' ? p.id : null, p.name, JSON.stringify(input.findings), due, input.note ?? null],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'inspection.result',
      entity: 'large_customer_inspection',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { doneOn: input.doneOn, findings: input.findings.length, rectificationDue: due },
    });
    return view(await reread(tx, id), todayIs, policy);
  });
}

export async function recordRectified(db: Db, p: Principal, id: number, input: RectifiedInput, now = new Date()) {
  const [policy, todayIs] = await Promise.all([inspectionPolicy(db), today(db, now)]);
  return withTx(db, async (tx) => {
    const r = await lockVisible(tx, p, id);
    if (!r.done_on || !r.rectification_due) throw conflict('该检查没有待整改的问题', 'this inspection has nothing to rectify', {}, 'NOTHING_TO_RECTIFY');
    if (r.rectified_on) throw conflict('整改已记录', 'the rectification is already recorded', {}, 'ALREADY_RECTIFIED');
    if (input.rectifiedOn > todayIs) throw badField('rectifiedOn', 'not_future', '整改日期不能晚于今天', 'the rectification date cannot be in the future');
    if (input.rectifiedOn < (r.done_on as string))
      throw badField('rectifiedOn', 'after_inspection', '整改日期不能早于检查日期', 'the rectification date cannot precede the inspection');
    await tx.query(`UPDATE large_customer_inspections SET rectified_on = $2, updated_at = now() WHERE id = $1`, [id, input.rectifiedOn]);
    await recordAudit(tx, actorOf(p), {
      action: 'inspection.rectified',
      entity: 'large_customer_inspection',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { rectifiedOn: input.rectifiedOn, late: input.rectifiedOn > (r.rectification_due as string) },
    });
    return view(await reread(tx, id), todayIs, policy);
  });
}
