/**
 * Per-account billing parameters (计费参数) and the pauses / reductions a run applies (docs/billing.md §21).
 * Rules: billing-params-rules.ts (pure). Pauses and reductions come from the connections module's
 * published view `pub_connection_capacity_events` (an application carried out); only when connections has
 * none for the account's service points are the events entered in billing used.
 *
 * - GET: the service point's profile, the versions, the events on file and which a run uses.
 * - PUT: one version; a version with the same first day is rewritten, an open earlier one is closed the
 *   day before, an overlap is refused (409 PARAMS_DATES) naming both date ranges. Checked field by field
 *   (400, nothing written); audited `billing.params_set` with before and after, under a per-account lock.
 * - POST an event: a pause / reduction or its end entered in billing; audited `billing.capacity_event`.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { addDays } from '../../platform/calendar/dates.js';
import { badField, badFields, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { metersOfAccountRange, type MeterForBilling } from '../customers/index.js';
import { billingProfile } from './bill-rules.js';
import { billingSettings, provinceVersions } from './readings.js';
import { dec } from './decimal.js';
import { BILLING_PARAMS_POLICY } from './policy-data.js';
import { policyOn, todayCst } from './service.js';
import { capacityBeforeReductions, checkParams, effectiveAccount, placeVersion, versionOn, type CapacityPeriodIn } from './billing-params-rules.js';
import { billedContract } from './two-part-rules.js';
import type {
  AccountBillingParams,
  BillingParamsInput,
  BillingParamsVersion,
  BillingPolicy,
  CapacityEventInput,
  CapacityEventOut,
  RatingAccount,
} from './schemas.js';

const COLUMNS = `id, account_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, customer_class, pricing, voltage, tou,
  basic_basis, contract_kva::text AS contract_kva, contract_demand_kw::text AS contract_demand_kw, high_load_eligible, metering_split, note,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at`;

const num = (x: string | null) => (x === null ? null : Number(x));
function toVersion(r: Record<string, any>, profile: RatingAccount, policy: BillingPolicy['twoPart']): BillingParamsVersion {
  const contractKva = num(r.contract_kva);
  const demand = num(r.contract_demand_kw);
  return {
    id: Number(r.id),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    customerClass: r.customer_class,
    pricing: r.pricing,
    voltage: r.voltage,
    tou: r.tou,
    basicBasis: r.basic_basis,
    contractKva,
    contractDemandKw: demand,
    highLoadEligible: r.high_load_eligible,
    meteringSplit: r.metering_split,
    note: r.note,
    billedDemandKw: demand === null ? null : billedContract(dec(demand), contractKva ?? profile.capacityKva, policy).kw.toString(),
    updatedAt: r.updated_at,
  };
}

/** The account's first meter in the principal's scope (its service point, customer and org unit), or 404. */
async function accountInScope(q: Queryable, p: Principal, accountId: number): Promise<MeterForBilling[]> {
  const ms = await metersOfAccountRange(q, p.orgPath, accountId, accountId);
  if (!ms.length) throw notFound('Account', '用电户');
  return ms;
}

/** Parameter versions of the accounts in [from, to] that overlap [day1, day2] (all when no days), by account. */
export async function paramsOfRange(
  q: Queryable,
  from: number,
  to: number,
  period?: { from: string; to: string },
): Promise<Map<number, Record<string, any>[]>> {
  const { rows } = await q.query(
    `SELECT ${COLUMNS} FROM billing_parameters WHERE account_id BETWEEN $1 AND $2
        AND ($3::date IS NULL OR (valid_from <= $4 AND (valid_to IS NULL OR valid_to >= $3))) ORDER BY account_id, valid_from`,
    [from, to, period?.from ?? null, period?.to ?? null],
  );
  const out = new Map<number, Record<string, any>[]>();
  for (const r of rows) {
    const a = Number(r.account_id);
    out.set(a, [...(out.get(a) ?? []), r]);
  }
  return out;
}

/** A stored version as the rating's override (the rules read these fields). */
export const versionOfRow = (r: Record<string, any>, profile: RatingAccount, policy: BillingPolicy['twoPart']) => toVersion(r, profile, policy);

/**
 * Pauses and reductions on file for accounts in [from, to]: connections' for their service points (the
 * published view), else billing's own, by account; `source` says which.
 */
export async function capacityEventsOfRange(
  q: Queryable,
  meters: Pick<MeterForBilling, 'accountId' | 'servicePointId'>[],
  from: number,
  to: number,
): Promise<Map<number, CapacityEventOut[]>> {
  const spIds = [...new Set(meters.map((m) => m.servicePointId))];
  const conn = spIds.length
    ? (
        await q.query(
          `SELECT id, application_id, service_point_id, kind, to_char(starts_on, 'YYYY-MM-DD') AS s, to_char(ends_on, 'YYYY-MM-DD') AS e, kva::text AS kva
             FROM pub_connection_capacity_events WHERE service_point_id = ANY($1::bigint[]) ORDER BY service_point_id, starts_on, id`,
          [spIds],
        )
      ).rows
    : [];
  const own = (
    await q.query(
      `SELECT id, account_id, kind, to_char(starts_on, 'YYYY-MM-DD') AS s, to_char(ends_on, 'YYYY-MM-DD') AS e, kva::text AS kva, note
         FROM billing_capacity_events WHERE account_id BETWEEN $1 AND $2 ORDER BY account_id, starts_on, id`,
      [from, to],
    )
  ).rows;
  const accountOfSp = new Map(meters.map((m) => [m.servicePointId, m.accountId]));
  const out = new Map<number, CapacityEventOut[]>();
  const add = (a: number, e: CapacityEventOut) => out.set(a, [...(out.get(a) ?? []), e]);
  for (const r of conn)
    add(accountOfSp.get(Number(r.service_point_id))!, {
      source: 'connections',
      id: Number(r.id),
      kind: r.kind,
      startsOn: r.s,
      endsOn: r.e,
      kva: Number(r.kva),
      applicationId: Number(r.application_id),
      servicePointId: Number(r.service_point_id),
      note: null,
    });
  for (const r of own) {
    const a = Number(r.account_id);
    if (out.get(a)?.some((e) => e.source === 'connections')) continue;
    add(a, {
      source: 'billing',
      id: Number(r.id),
      kind: r.kind,
      startsOn: r.s,
      endsOn: r.e,
      kva: Number(r.kva),
      applicationId: null,
      servicePointId: null,
      note: r.note,
    });
  }
  return out;
}

/** The account's capacity events as the rules take them. */
export const periodsOf = (events: CapacityEventOut[]): CapacityPeriodIn[] =>
  events.map((e) => ({ source: e.source, id: e.id, kind: e.kind, startsOn: e.startsOn, endsOn: e.endsOn, kva: e.kva }));

/**
 * The base account of a run or a GET: the service point's profile, its capacity before the reductions
 * connections wrote to the service point (billing-params-rules.ts `capacityBeforeReductions`).
 */
export function baseAccount(m: MeterForBilling, events: CapacityEventOut[], policy: BillingPolicy['twoPart']): RatingAccount {
  const profile = billingProfile(m, policy).account;
  const kva = capacityBeforeReductions(profile.capacityKva, periodsOf(events));
  return kva === profile.capacityKva ? profile : billingProfile({ ...m, contractedKva: String(kva) }, policy).account;
}

export async function getBillingParams(db: Queryable, p: Principal, accountId: number): Promise<AccountBillingParams> {
  const ms = await accountInScope(db, p, accountId);
  const policy = await policyOn(db, todayCst());
  const events = (await capacityEventsOfRange(db, ms, accountId, accountId)).get(accountId) ?? [];
  const profile = baseAccount(ms[0], events, policy.twoPart);
  const rows = (await paramsOfRange(db, accountId, accountId)).get(accountId) ?? [];
  return {
    accountId,
    profile,
    versions: rows.map((r) => toVersion(r, profile, policy.twoPart)),
    events,
    eventsSource: events[0]?.source ?? null,
    policy: {
      basisChangeMonths: BILLING_PARAMS_POLICY.basisChangeMonths,
      minContractShare: policy.twoPart.minContractShare,
      source: BILLING_PARAMS_POLICY.source,
    },
  };
}

const strip = (v: BillingParamsVersion) => {
  const { updatedAt: _u, billedDemandKw: _b, ...rest } = v;
  return rest;
};

/** Sets the account's parameters from `validFrom` (see the file's header). */
export async function setBillingParams(db: Db, p: Principal, accountId: number, body: BillingParamsInput): Promise<AccountBillingParams> {
  const input = { ...body, validTo: body.validTo ?? null, note: body.note ?? null };
  await withTx(db, async (tx) => {
    const ms = await accountInScope(tx, p, accountId);
    // one writer per account at a time: the overlap check and the write see the same versions
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('billing_parameters:' || $1::text, 0))`, [accountId]);
    const policy = await policyOn(tx, input.validFrom);
    const events = (await capacityEventsOfRange(tx, ms, accountId, accountId)).get(accountId) ?? [];
    const base = baseAccount(ms[0], events, policy.twoPart);
    const rows = (await paramsOfRange(tx, accountId, accountId)).get(accountId) ?? [];
    const versions = rows.map((r) => toVersion(r, base, policy.twoPart));
    const previous = versionOn(versions, addDays(input.validFrom, -1));
    const problems = checkParams(input, base, previous, { twoPart: policy.twoPart, params: BILLING_PARAMS_POLICY });
    if (problems.length) throw badFields('VALIDATION_FAILED', `计费参数有误：${problems[0].zh}`, `Invalid billing parameters: ${problems[0].en}`, problems);
    // the tariff key the version gives must have tariffs in the billed province
    const acc = effectiveAccount(base, input);
    const settings = await billingSettings(tx);
    const keyed = (await provinceVersions(tx, settings.province)).some(
      (v) => v.customerClass === acc.customerClass && v.pricing === acc.pricing && v.voltage === acc.voltage,
    );
    if (!keyed) {
      const field = input.voltage !== null ? 'voltage' : input.customerClass !== null ? 'customerClass' : 'pricing';
      throw badField(
        field,
        'no_tariff',
        `${settings.province} 没有 ${acc.customerClass} / ${acc.pricing} / ${acc.voltage} 的电价`,
        `${settings.province} has no tariff for ${acc.customerClass} / ${acc.pricing} / ${acc.voltage}`,
      );
    }
    const place = placeVersion(input, versions);
    if (place.problems.length)
      throw conflict(
        `计费参数日期冲突：${place.problems[0].zh}`,
        `Billing parameter dates clash: ${place.problems[0].en}`,
        {},
        'PARAMS_DATES',
        place.problems.map((d) => ({ field: d.field, rule: d.rule, message: d.zh, messageEn: d.en })),
      );
    const before = place.replaces ? versions.find((v) => v.id === place.replaces)! : null;
    const closed = place.closes ? versions.find((v) => v.id === place.closes!.id)! : null;
    if (place.closes) await tx.query(`UPDATE billing_parameters SET valid_to = $2, updated_at = now() WHERE id = $1`, [place.closes.id, place.closes.validTo]);
    const vals = [
      input.validTo,
      input.customerClass,
      input.pricing,
      input.voltage,
      input.tou,
      input.basicBasis,
      input.contractKva,
      input.contractDemandKw,
      input.highLoadEligible,
      input.meteringSplit === null ? null : JSON.stringify(input.meteringSplit),
      input.note,
      p.id,
    ];
    const after = place.replaces
      ? (
          await tx.query(
            `UPDATE billing_parameters SET valid_to = $2, customer_class = $3, pricing = $4, voltage = $5, tou = $6, basic_basis = $7, contract_kva = $8,
               contract_demand_kw = $9, high_load_eligible = $10, metering_split = $11::jsonb, note = $12, created_by = $13, updated_at = now()
             WHERE id = $1 RETURNING ${COLUMNS}`,
            [place.replaces, ...vals],
          )
        ).rows[0]
      : (
          await tx.query(
            `INSERT INTO billing_parameters (account_id, org_unit_id, org_path, valid_from, valid_to, customer_class, pricing, voltage, tou, basic_basis, contract_kva,
               contract_demand_kw, high_load_eligible, metering_split, note, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16) RETURNING ${COLUMNS}`,
            [accountId, ms[0].orgUnitId, ms[0].orgPath, input.validFrom, ...vals],
          )
        ).rows[0];
    const out = toVersion(after, base, policy.twoPart);
    await recordAudit(tx, actorOf(p), {
      action: 'billing.params_set',
      entity: 'billing_parameters',
      entityId: out.id,
      orgUnitId: ms[0].orgUnitId,
      before: before ? strip(before) : null,
      after: {
        accountId,
        ...strip(out),
        account: effectiveAccount(base, out),
        ...(closed ? { closed: { id: closed.id, validTo: place.closes!.validTo } } : {}),
      },
    });
  });
  return getBillingParams(db, p, accountId);
}

/** Records a pause / reduction (or its end) entered in billing; used by runs only while connections has none for the account. */
export async function addCapacityEvent(db: Db, p: Principal, accountId: number, body: CapacityEventInput): Promise<AccountBillingParams> {
  const endsOn = body.endsOn ?? null;
  const isEnd = body.kind.endsWith('_end');
  if (isEnd && endsOn !== null)
    throw badField('endsOn', 'not_for_end', '恢复事件只有恢复日（startsOn）', 'a restore event has only its day (startsOn), no endsOn');
  if (!isEnd && endsOn !== null && endsOn <= body.startsOn)
    throw badField('endsOn', 'order', `恢复日 ${endsOn} 须晚于开始日 ${body.startsOn}`, `endsOn ${endsOn} must be after startsOn ${body.startsOn}`);
  await withTx(db, async (tx) => {
    const ms = await accountInScope(tx, p, accountId);
    const r = (
      await tx.query(
        `INSERT INTO billing_capacity_events (account_id, org_unit_id, org_path, kind, starts_on, ends_on, kva, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [accountId, ms[0].orgUnitId, ms[0].orgPath, body.kind, body.startsOn, endsOn, body.kva, body.note ?? null, p.id],
      )
    ).rows[0];
    await recordAudit(tx, actorOf(p), {
      action: 'billing.capacity_event',
      entity: 'billing_capacity_event',
      entityId: Number(r.id),
      orgUnitId: ms[0].orgUnitId,
      before: null,
      after: { accountId, kind: body.kind, startsOn: body.startsOn, endsOn, kva: body.kva, note: body.note ?? null },
    });
  });
  return getBillingParams(db, p, accountId);
}
