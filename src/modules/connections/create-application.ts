/**
 * Receiving an application at the counter, by phone (a consultation that becomes an application)
 * or on the portal. The clock starts at receipt under the active policy set; the large-customer
 * register is recomputed; the customer is told the application was accepted.
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, badFields, DomainError } from '../../platform/errors.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { servicePointFacts } from '../customers/index.js';
import { linkConsultation } from '../workorders/index.js';
import { capacityChecks } from './capacity-checks.js';
import { refreshRegister } from './register-large.js';
import { refreshClockSummary } from './clock-summary.js';
import { notify } from './notices.js';
import type { ApplicationCreate, PortalApplication } from './schemas.js';
import { addEvent, currentPolicy, findVisible, toApp } from './store.js';
import { isHv, STAGE_LABEL, type Initiator } from './stage-rules.js';
import { localToday } from './view.js';

/**
 * `then`, when given, runs in the application's transaction after it is written (the 销户 case links it there).
 * `initiator` is not part of any request: an application is the customer's unless the company's own
 * process (the 销户 finder) starts it.
 */
export async function createApplication(
  db: Db,
  p: Principal,
  input: ApplicationCreate & { initiator?: Initiator },
  now = new Date(),
  then?: (tx: Tx, created: { id: number; appNo: string }) => Promise<void>,
) {
  const policy = await currentPolicy(db);
  const ctx = await getSlaContext(db);
  // class and voltage agree
  if (isHv(input.customerClass) !== input.voltageKv >= 10) {
    throw badField(
      'voltageKv',
      'class_voltage',
      isHv(input.customerClass) ? '高压客户的供电电压应不低于 10 kV' : '低压客户的供电电压应低于 10 kV',
      isHv(input.customerClass) ? 'an HV customer is supplied at 10 kV or more' : 'an LV customer is supplied below 10 kV',
    );
  }
  if (input.kind === 'new' && input.servicePointId !== undefined)
    throw badField('servicePointId', 'new_has_no_supply', '新装申请不应指定已有用电点', 'a new connection has no existing service point');
  let existingKva = input.existingKva ?? 0;
  let customerId: number | null = null;
  if (input.kind !== 'new') {
    if (input.servicePointId === undefined)
      throw badField('body.servicePointId', 'required', '变更类申请须指明用电点', 'a change to an existing supply names its service point');
    const sp = await servicePointFacts(db, input.servicePointId);
    if (!sp) throw badField('servicePointId', 'exists', '用电点不存在', 'no such service point');
    existingKva = sp.contractedKva;
    customerId = sp.customerId;
  }
  if (input.kind === 'new' || input.kind === 'increase') {
    if (!(input.requestedKva > 0)) throw badField('requestedKva', 'positive', '申请容量须大于 0', 'the requested capacity must be above 0');
  }
  const problems = await capacityChecks(db, policy.data, {
    kind: input.kind,
    servicePointId: input.servicePointId ?? null,
    requestedOn: localToday(ctx, now),
    kva: input.requestedKva,
    contractedKva: existingKva,
    details: input.details ?? {},
  });
  if (problems.length) {
    throw badFields(
      'RULE_REFUSED',
      `申请不符合规定：${problems.map((x) => x.zh).join('；')}`,
      `The request breaks a rule: ${problems.map((x) => x.en).join('; ')}`,
      problems.map((x) => ({ ...x, field: x.field === 'kva' ? 'requestedKva' : `details.${x.field}` })),
    );
  }
  if (input.consultationOrderId !== undefined && input.channel !== 'phone')
    throw badField('consultationOrderId', 'phone_only', '只有电话咨询转办的申请可关联咨询工单', 'only a phone consultation links a consultation order');

  return withTx(db, async (tx) => {
    const id = (await tx.query(`SELECT nextval(pg_get_serial_sequence('connection_applications', 'id')) AS id`)).rows[0].id as number;
    const appNo = `YK${localToday(ctx, now).replaceAll('-', '')}${String(id).padStart(6, '0')}`;
    const portalUserId = p.role === 'customer' ? p.id : null;
    const details = { ...(input.details ?? {}), ...(input.consultationOrderId !== undefined ? { consultationOrderId: input.consultationOrderId } : {}) };
    const { rows } = await tx.query(
      `INSERT INTO connection_applications (id, app_no, kind, customer_class, channel, stage, org_unit_id, org_path, policy_set, policy_version, received_at,
         applicant_name, applicant_phone, legal_entity, industry, high_energy, address, voltage_kv, requested_kva, existing_kva, long_term_kva, annual_kwh,
         important, high_risk, own_generation, dedicated_line, customer_id, service_point_id, portal_user_id, details, created_by, initiator)
       VALUES ($1,$2,$3,$4,$5,'acceptance',$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31) RETURNING *`,
      [
        id,
        appNo,
        input.kind,
        input.customerClass,
        input.channel,
        p.orgUnitId,
        p.orgPath,
        policy.data.activeSet,
        policy.version,
        now,
        input.applicantName,
        input.applicantPhone,
        input.legalEntity ?? input.customerClass !== 'residential',
        input.industry ?? (input.customerClass === 'residential' ? 'residential' : 'other'),
        input.highEnergy ?? false,
        input.address,
        input.voltageKv,
        input.requestedKva,
        existingKva,
        input.longTermKva ?? null,
        input.annualKwh ?? 0,
        input.important ?? false,
        input.highRisk ?? false,
        input.ownGeneration ?? false,
        input.dedicatedLine ?? false,
        customerId ?? (p.role === 'customer' ? p.customerId : null),
        input.servicePointId ?? null,
        portalUserId,
        JSON.stringify(details),
        p.kind === 'user' ? p.id : null,
        input.initiator ?? 'customer',
      ],
    );
    const a = toApp(rows[0]);
    await addEvent(tx, {
      applicationId: id,
      at: now,
      action: 'receive',
      state: 'acceptance',
      stage: 'acceptance',
      actorId: p.id,
      actorName: p.name,
      note: `${input.channel}`,
    });
    if (input.consultationOrderId !== undefined) await linkConsultation(tx, p, input.consultationOrderId, { field: 'consultationOrderId', appNo });
    await refreshRegister(tx, a, policy.data);
    await refreshClockSummary(tx, ctx, id, now);
    await notify(tx, a, 'accepted', `您的用电申请已受理，当前环节：${STAGE_LABEL.acceptance.zh}`);
    await recordAudit(tx, actorOf(p), {
      action: 'connection.create',
      entity: 'connection_application',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { appNo, kind: a.kind, customerClass: a.customerClass, channel: a.channel, initiator: a.initiator, policySet: a.policySet },
    });
    if (then) await then(tx, { id, appNo });
    return { id, appNo, stage: a.stage, policySet: a.policySet };
  });
}

/** The portal's application: the customer applies for themself. */
export async function createPortalApplication(db: Db, p: Principal, input: PortalApplication, now = new Date()) {
  if (p.role !== 'customer') throw new DomainError('forbidden', 'FORBIDDEN', '仅客户可在门户申请', 'only customers apply on the portal');
  if (input.servicePointId !== undefined && p.customerId !== null) {
    const sp = await servicePointFacts(db, input.servicePointId);
    if (!sp || sp.customerId !== p.customerId)
      throw badField('servicePointId', 'own_supply', '只能为本人的用电点申请', 'you can apply only for your own service point');
  }
  return createApplication(db, p, { ...input, channel: 'portal' }, now);
}

export async function visibleApplication(db: Queryable, p: Principal, id: number) {
  return findVisible(db, p, id);
}
