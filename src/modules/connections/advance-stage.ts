/**
 * Moving an application to its next stage, with the checks of the stage it leaves:
 *  - acceptance: every required document present and valid (一次性告知 lists them otherwise);
 *  - plan: a plan recorded, every plan warning overridden with a reason, and — for a dedicated
 *    line, HV dual supply or one application ≥ the review threshold — the first review and then
 *    the joint review approved;
 *  - power_on: the agreements required before energising; then the customer, account, service
 *    point (under the plan's transformer) and meter are created or updated by the customers module.
 * A customer pause still open is ended first (the grid company acts again). Audited; notices go out.
 */
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { closedRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields } from '../../platform/errors.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { connectSupply, renameCustomer, servicePointFacts, setServicePointCapacity, transferAccount } from '../customers/index.js';
import { AGREEMENT_LABEL, requiredAgreements, reviewReasons, type AgreementKind } from './large-customer-rules.js';
import { notify } from './notices.js';
import type { ConnectionPolicy } from './policy.js';
import { refreshRegister, largeOf } from './register-large.js';
import { refreshClockSummary } from './clock-summary.js';
import { closureApplicationEnded } from './closures.js';
import type { AdvanceInput } from './schemas.js';
import { ARCHIVED, checkMove, flowOf, type Stage } from './stage-rules.js';
import { addEvent, agreementsOf, documentsOf, findVisible, policyVersion, reviewsOf, toApp, type AppRow } from './store.js';
import { planWarnings, unresolvedWarnings } from './supply-plan-rules.js';
import { localToday, missingOf } from './view.js';

async function leaveChecks(tx: Tx, a: AppRow, policy: ConnectionPolicy, today: string): Promise<void> {
  if (a.stage === 'acceptance') {
    const docs = (await documentsOf(tx, [a.id])).get(a.id)!;
    const { missing } = missingOf(policy, a, docs, today);
    if (missing.length) {
      throw badFields(
        'DOCUMENTS_INCOMPLETE',
        `资料不全，不能通过受理：${missing.map((m) => m.zh).join('；')}`,
        `Documents incomplete, acceptance refused: ${missing.map((m) => m.en).join('; ')}`,
        missing.map((m) => ({ field: `documents.${m.kind}`, rule: m.problem === 'missing' ? 'document_missing' : 'document_expired', zh: m.zh, en: m.en })),
      );
    }
  }
  if (a.stage === 'plan') {
    if (!a.plan)
      throw badFields('PLAN_REQUIRED', '尚未编制供电方案', 'No supply plan recorded yet', [
        { field: 'plan', rule: 'plan_required', zh: '请先录入供电方案', en: 'record the supply plan first' },
      ]);
    const open = unresolvedWarnings(planWarnings(a.plan.newTransformer, policy.supplyPlan), a.plan.overrides);
    if (open.length) {
      throw badFields(
        'PLAN_WARNINGS',
        `供电方案有未处理的校核提示：${open.map((w) => w.zh).join('；')}`,
        `The supply plan has unresolved checks: ${open.map((w) => w.en).join('; ')}`,
        open.map((w) => ({ field: `plan.${w.check}`, rule: 'plan_warning', zh: `${w.zh}（可填写理由后放行）`, en: `${w.en} (override with a reason)` })),
      );
    }
    if (reviewReasons(a, policy).length) {
      const reviews = await reviewsOf(tx, a.id);
      const last = (level: 'first' | 'joint') => reviews.filter((r) => r.level === level).at(-1);
      const problems = [];
      if (last('first')?.decision !== 'approved')
        problems.push({
          field: 'reviews.first',
          rule: 'first_review',
          zh: '须经设计部门会同调度、生产部门初审通过',
          en: 'the first review (design office with dispatch and production) must approve',
        });
      if (last('joint')?.decision !== 'approved')
        problems.push({ field: 'reviews.joint', rule: 'joint_review', zh: '须经公司领导联合会审通过', en: 'the joint review by company leaders must approve' });
      if (problems.length)
        throw badFields(
          'REVIEW_REQUIRED',
          `供电方案须会审：${problems.map((x) => x.zh).join('；')}`,
          `The plan needs its reviews: ${problems.map((x) => x.en).join('; ')}`,
          problems,
        );
    }
  }
  if (a.stage === 'power_on') {
    const large = largeOf(a, policy).large;
    const need = requiredAgreements({ large, customerClass: a.customerClass, ownGeneration: a.ownGeneration });
    const have = new Set((await agreementsOf(tx, a.id)).map((x) => x.kind));
    const lacking = need.filter((k) => !have.has(k));
    if (lacking.length) {
      const l = (k: AgreementKind) => AGREEMENT_LABEL[k];
      throw badFields(
        'AGREEMENTS_MISSING',
        `送电前须签订：${lacking.map((k) => l(k).zh).join('、')}`,
        `Before energising, these must be signed: ${lacking.map((k) => l(k).en).join(', ')}`,
        lacking.map((k) => ({ field: `agreements.${k}`, rule: 'agreement_required', zh: `缺少${l(k).zh}`, en: `${l(k).en} is missing` })),
      );
    }
    if (a.kind === 'new' && !a.plan?.transformerId) {
      throw badFields('TRANSFORMER_REQUIRED', '供电方案未指定接入变压器', 'The supply plan names no transformer to connect to', [
        { field: 'plan.transformerId', rule: 'transformer_required', zh: '请在供电方案中选择接入变压器', en: 'choose the transformer on the supply plan' },
      ]);
    }
  }
}

const SP_CLASS = (c: AppRow['customerClass']) => (c === 'hv_single' || c === 'hv_dual' ? 'hv' : c);

/** Power-on: set up or change the supply through the customers module; store pause/reduction periods for billing. */
async function energise(tx: Tx, a: AppRow, policy: ConnectionPolicy, today: string): Promise<{ customerId: number | null; servicePointId: number | null }> {
  const large = largeOf(a, policy);
  if (a.kind === 'new') {
    const r = await connectSupply(tx, {
      orgUnitId: a.orgUnitId,
      customerId: a.customerId,
      name: a.applicantName,
      kind: a.legalEntity ? 'organisation' : 'person',
      phone: a.applicantPhone,
      accountNo: `YK${String(a.id).padStart(10, '0')}`,
      address: a.address,
      customerClass: SP_CLASS(a.customerClass),
      contractedKva: large.contractedKva,
      supplyVoltageKv: a.voltageKv,
      important: a.important,
      transformerId: a.plan?.transformerId ?? null,
      meterNo: `YKM${String(a.id).padStart(10, '0')}`,
      installedOn: today,
    });
    await tx.query(`UPDATE connection_applications SET customer_id = $2, service_point_id = $3 WHERE id = $1`, [a.id, r.customerId, r.servicePointId]);
    return { customerId: r.customerId, servicePointId: r.servicePointId };
  }
  if (a.servicePointId === null) return { customerId: a.customerId, servicePointId: null };
  const sp = await servicePointFacts(tx, a.servicePointId);
  if (['increase', 'reduction', 'reduction_end'].includes(a.kind))
    await setServicePointCapacity(tx, a.servicePointId, large.contractedKva, a.plan?.transformerId ?? null);
  // a relocation moves the service point under the transformer of its plan
  if ((a.kind === 'relocation' || a.kind === 'meter_relocation') && sp && a.plan?.transformerId)
    await setServicePointCapacity(tx, a.servicePointId, sp.contractedKva, a.plan.transformerId);
  const d = a.details;
  const ev = (kind: string, starts: string, ends: string | null, kva: number) =>
    tx.query(`INSERT INTO connection_capacity_events (application_id, service_point_id, kind, starts_on, ends_on, kva) VALUES ($1,$2,$3,$4,$5,$6)`, [
      a.id,
      a.servicePointId,
      kind,
      starts,
      ends,
      kva,
    ]);
  if (a.kind === 'pause') await ev('pause', d.startsOn!, d.endsOn!, a.requestedKva);
  if (a.kind === 'reduction') await ev('reduction', d.startsOn!, d.endsOn!, a.requestedKva);
  if (a.kind === 'pause_end') await ev('pause_end', d.restoreOn ?? today, null, a.requestedKva);
  if (a.kind === 'reduction_end') await ev('reduction_end', d.restoreOn ?? today, null, a.requestedKva);
  return { customerId: sp?.customerId ?? a.customerId, servicePointId: a.servicePointId };
}

/** Rename (更名) or transfer (过户) takes effect with the new contract: the customer's new name, or the account passing to the applicant. */
async function changeHolder(tx: Tx, a: AppRow): Promise<{ customerId: number | null; servicePointId: number | null }> {
  const sp = await servicePointFacts(tx, a.servicePointId!);
  if (!sp) return { customerId: a.customerId, servicePointId: a.servicePointId };
  if (a.kind === 'rename') {
    await renameCustomer(tx, sp.customerId, a.details.newName ?? a.applicantName);
    return { customerId: sp.customerId, servicePointId: sp.id };
  }
  const { customerId } = await transferAccount(tx, sp.id, {
    name: a.details.newName ?? a.applicantName,
    kind: a.legalEntity ? 'organisation' : 'person',
    phone: a.applicantPhone,
  });
  await tx.query(`UPDATE connection_applications SET customer_id = $2 WHERE id = $1`, [a.id, customerId]);
  return { customerId, servicePointId: sp.id };
}

export async function advanceStage(db: Db, p: Principal, id: number, input: AdvanceInput, now = new Date()) {
  const ctx = await getSlaContext(db);
  const today = localToday(ctx, now);
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.status !== 'open') throw closedRefusal(a.status);
    const policy = await policyVersion(tx, a.policyVersion);
    const flow = flowOf(a.kind, a.customerClass);
    const closing = input.to === 'archived';
    if (closing) {
      if (a.stage !== 'archive') checkMove(flow, a.stage, 'archive');
    } else checkMove(flow, a.stage, input.to as Stage);
    await leaveChecks(tx, a, policy, today);
    if (a.customerWait) {
      await addEvent(tx, {
        applicationId: a.id,
        at: now,
        action: 'customer_resume',
        state: a.stage,
        stage: a.stage,
        actorId: p.id,
        actorName: p.name,
        note: '推进环节时结束客户原因暂停 / ended on stage change',
      });
    }
    let supply: { customerId: number | null; servicePointId: number | null } = { customerId: a.customerId, servicePointId: a.servicePointId };
    if (a.stage === 'power_on') supply = await energise(tx, a, policy, today);
    if (a.stage === 'contract' && a.servicePointId !== null && (a.kind === 'rename' || a.kind === 'transfer')) supply = await changeHolder(tx, a);
    const to = closing ? 'archive' : (input.to as Stage);
    const state = closing ? ARCHIVED : to;
    await addEvent(tx, {
      applicationId: a.id,
      at: now,
      action: `done:${a.stage}`,
      state,
      stage: to,
      actorId: p.id,
      actorName: p.name,
      note: input.note ?? null,
    });
    const { rows } = await tx.query(
      `UPDATE connection_applications SET stage = $2, status = $3, customer_wait = false, wait_reason = NULL, wait_since = NULL,
         power_on_at = CASE WHEN $4 THEN $5::timestamptz ELSE power_on_at END, updated_at = now() WHERE id = $1 RETURNING *`,
      [a.id, to, closing ? 'archived' : 'open', a.stage === 'power_on', now],
    );
    const after = toApp(rows[0]);
    if (closing && a.kind === 'closure') await closureApplicationEnded(tx, actorOf(p), a, 'archived');
    await refreshRegister(tx, after, policy);
    await refreshClockSummary(tx, ctx, a.id, now);
    if (a.stage === 'plan') {
      await notify(tx, a, 'plan_ready', `您的供电方案已答复：${a.plan?.supplyMode ?? ''}`);
      const fee = a.feeItems.reduce((s, f) => s + f.amountFen, 0);
      if (fee > 0) await notify(tx, a, 'fee_due', `请缴纳业务费用 ${(fee / 100).toFixed(2)} 元（按公布收费标准）`, { amountFen: fee });
    }
    if (to === 'power_on')
      await notify(tx, a, 'power_on_date', `您的工程已具备送电条件，计划送电日期：${input.powerOnDate ?? today}`, { powerOnDate: input.powerOnDate ?? today });
    await recordAudit(tx, actorOf(p), {
      action: closing ? 'connection.archive' : `connection.advance`,
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      before: { stage: a.stage },
      after: { stage: to, status: after.status, ...supply },
    });
    return { id: a.id, stage: to, status: after.status, customerId: supply.customerId, servicePointId: supply.servicePointId };
  });
}
