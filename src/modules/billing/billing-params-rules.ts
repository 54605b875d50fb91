/**
 * Per-account billing parameters (计费参数) and dated capacity events (暂停 / 减容): pure, no I/O
 * (docs/billing.md §21).
 *
 * - A parameter version holds from `validFrom` to `validTo` (inclusive; null while open) in whole months:
 *   发改办价格〔2016〕1583号 lets a customer change the contracted maximum demand monthly (按月变更) and the
 *   basic-charge basis quarterly (按季变更), so a version starts on the first day of a month and a change of
 *   basis only on the first day of a month the policy lists (January, April, July, October). Versions of
 *   one account never overlap; a new version after an open one closes it the day before.
 * - The rating account is the service point's profile (bill-rules.ts) with the version's overrides; the
 *   capacity of the basic charge is the version's contracted capacity, else the service point's.
 * - Capacity events: a pause (暂停) or reduction (减容) takes `kva` out of service from `startsOn` (the day
 *   the equipment is sealed: 减容（暂停）部分自设备加封之日起免收基本电费, 1583号) to `endsOn`, the first day
 *   back (exclusive), or to the restore date of a later pause_end / reduction_end, whichever comes first.
 *   The capacity in service on a day is the base less every pause and reduction in force; none left is a
 *   pause of the whole account. The result is the rating's ServiceEvent list (two-part-rules.ts prorates by days).
 */
import { addDays, daysInMonth } from '../../platform/calendar/dates.js';
import type { Problem } from './tou-rules.js';
import { validateContract } from './two-part-rules.js';
import type { BillingPolicy, BillingParamsInput, BillingParamsVersion, RatingAccount, ServiceEvent } from './schemas.js';

export interface ParamsPolicy {
  /** months (1–12) whose first day may change the basic-charge basis (按季变更) */
  basisChangeMonths: number[];
  source: string;
}

const lastDayOf = (d: string) => `${d.slice(0, 7)}-${String(daysInMonth(d)).padStart(2, '0')}`;
const range = (from: string, to: string | null) => `${from} – ${to ?? '…'}`;

/** The rating account under a parameter version (null: the service point's profile as it is). */
export type ParamsOverrides = Pick<
  BillingParamsInput,
  'customerClass' | 'pricing' | 'voltage' | 'tou' | 'basicBasis' | 'contractKva' | 'contractDemandKw' | 'highLoadEligible'
>;

export function effectiveAccount(base: RatingAccount, v: ParamsOverrides | null): RatingAccount {
  if (!v) return base;
  const a: RatingAccount = {
    ...base,
    customerClass: v.customerClass ?? base.customerClass,
    pricing: v.pricing ?? base.pricing,
    voltage: v.voltage ?? base.voltage,
    tou: v.tou ?? base.tou,
    capacityKva: v.contractKva ?? base.capacityKva,
  };
  if (a.pricing === 'two_part') {
    a.basicBasis = v.basicBasis ?? base.basicBasis ?? 'capacity';
    if (v.contractDemandKw !== null && v.contractDemandKw !== undefined) a.contractDemandKw = v.contractDemandKw;
    if (v.highLoadEligible === false) a.highLoadEligible = false;
  } else {
    delete a.basicBasis;
    delete a.contractDemandKw;
    delete a.highLoadEligible;
  }
  return a;
}

/**
 * Where a new version goes among the account's versions: `replaces` (same first day: the version is
 * rewritten), `closes` (an open version starting earlier, closed the day before), or a problem naming
 * the dates of the overlap.
 */
export function placeVersion(
  input: { validFrom: string; validTo: string | null },
  existing: Pick<BillingParamsVersion, 'id' | 'validFrom' | 'validTo'>[],
): { replaces: number | null; closes: { id: number; validTo: string } | null; problems: Problem[] } {
  const same = existing.find((v) => v.validFrom === input.validFrom) ?? null;
  const others = existing.filter((v) => v !== same);
  let closes: { id: number; validTo: string } | null = null;
  const problems: Problem[] = [];
  for (const v of others) {
    const to = v.validTo;
    if (v.validFrom < input.validFrom && to === null && !others.some((w) => w.validFrom > v.validFrom && w.validFrom <= input.validFrom)) {
      closes = { id: v.id, validTo: addDays(input.validFrom, -1) };
      continue;
    }
    const overlaps = v.validFrom <= (input.validTo ?? '9999-12-31') && (to ?? '9999-12-31') >= input.validFrom;
    if (overlaps)
      problems.push({
        field: 'validFrom',
        rule: 'overlap',
        zh: `与已有计费参数 ${range(v.validFrom, to)} 重叠（本次 ${range(input.validFrom, input.validTo)}）`,
        en: `overlaps the parameters in force ${range(v.validFrom, to)} (this version ${range(input.validFrom, input.validTo)})`,
      });
  }
  return { replaces: same?.id ?? null, closes, problems };
}

/**
 * Checks a version: whole months, a basis change only at the policy's months, and the resulting account
 * against the two-part rules (validateContract), each problem naming the input field.
 */
export function checkParams(
  input: BillingParamsInput,
  base: RatingAccount,
  previous: Pick<BillingParamsVersion, 'basicBasis' | 'pricing' | 'validFrom'> | null,
  policy: { twoPart: BillingPolicy['twoPart']; params: ParamsPolicy },
): Problem[] {
  const out: Problem[] = [];
  if (input.validFrom.slice(8) !== '01')
    out.push({
      field: 'validFrom',
      rule: 'month_start',
      zh: '计费参数自某月 1 日起生效（合同最大需量按月变更，发改办价格〔2016〕1583号）',
      en: 'parameters take effect on the first day of a month (contracted demand changes monthly, 1583号)',
    });
  if (input.validTo !== null && input.validTo !== undefined) {
    if (input.validTo < input.validFrom) out.push({ field: 'validTo', rule: 'order', zh: '失效日早于生效日', en: 'validTo is before validFrom' });
    else if (input.validTo !== lastDayOf(input.validTo))
      out.push({ field: 'validTo', rule: 'month_end', zh: '计费参数至某月最后一天失效', en: 'parameters end on the last day of a month' });
  }
  const account = effectiveAccount(base, input);
  const prevBasis = previous && (previous.pricing ?? base.pricing) === 'two_part' ? (previous.basicBasis ?? 'capacity') : null;
  if (
    prevBasis !== null &&
    account.pricing === 'two_part' &&
    account.basicBasis !== prevBasis &&
    !policy.params.basisChangeMonths.includes(+input.validFrom.slice(5, 7))
  )
    out.push({
      field: 'basicBasis',
      rule: 'quarterly',
      zh: `基本电费计费方式按季变更，只能自 ${policy.params.basisChangeMonths.join('、')} 月 1 日起改变（发改办价格〔2016〕1583号）`,
      en: `the basic-charge basis changes quarterly: only from the first of month ${policy.params.basisChangeMonths.join(', ')} (1583号)`,
    });
  if (input.basicBasis && account.pricing !== 'two_part')
    out.push({ field: 'basicBasis', rule: 'two_part_only', zh: '单一制用户没有基本电费', en: 'a single-part account has no basic charge' });
  if (input.contractDemandKw !== null && input.contractDemandKw !== undefined && account.basicBasis !== 'demand')
    out.push({
      field: 'contractDemandKw',
      rule: 'demand_only',
      zh: '合同最大需量只用于按需量计收基本电费',
      en: 'a contracted demand is only used when the basic charge is billed by demand',
    });
  for (const p of validateContract(account, policy.twoPart)) {
    const field = p.field === 'account.pricing' ? 'pricing' : p.field === 'account.basicBasis' ? 'basicBasis' : 'contractDemandKw';
    out.push({ ...p, field });
  }
  if (input.meteringSplit?.kind === 'ratio' && input.meteringSplit.sharePct === undefined)
    out.push({ field: 'meteringSplit.sharePct', rule: 'required', zh: '定比须有比例', en: 'a ratio split needs its share' });
  if (input.meteringSplit?.kind === 'fixed' && input.meteringSplit.kwh === undefined)
    out.push({ field: 'meteringSplit.kwh', rule: 'required', zh: '定量须有电量', en: 'a fixed split needs its kWh' });
  // 定比定量 (§23): a share above 0 and at most 100 %, a whole number of kWh above 0, another class than the account's
  const ms = input.meteringSplit;
  if (ms?.kind === 'ratio' && ms.sharePct !== undefined && !(Number(ms.sharePct) > 0 && Number(ms.sharePct) <= 100))
    out.push({ field: 'meteringSplit.sharePct', rule: 'range', zh: '定比比例须大于 0% 且不超过 100%', en: 'a ratio split is above 0 % and at most 100 %' });
  if (ms?.kind === 'fixed' && ms.kwh !== undefined && !(Number.isInteger(ms.kwh) && ms.kwh > 0))
    out.push({ field: 'meteringSplit.kwh', rule: 'whole_kwh', zh: '定量须为大于 0 的整数千瓦时', en: 'a fixed split is a whole number of kWh above 0' });
  if (ms && ms.customerClass === account.customerClass)
    out.push({
      field: 'meteringSplit.customerClass',
      rule: 'same_class',
      zh: '定比定量须分算到另一用电类别',
      en: 'a metering split goes to another customer class than the account’s',
    });
  return out;
}

/** The version in force on a day (versions of one account never overlap). */
export function versionOn<V extends { validFrom: string; validTo: string | null }>(versions: V[], day: string): V | null {
  return versions.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day)) ?? null;
}

export interface CapacityPeriodIn {
  /** where it is recorded: 'connections' (an application carried out) or 'billing' (entered in billing) */
  source: 'connections' | 'billing';
  id: number;
  kind: string;
  startsOn: string;
  endsOn: string | null;
  kva: number;
}

interface Interval {
  e: CapacityPeriodIn;
  from: string;
  /** first day back (exclusive), or null: open */
  until: string | null;
}

/** Pauses and reductions as intervals: ended by their own end date or by a later pause_end / reduction_end. */
function intervalsOf(periods: CapacityPeriodIn[]): Interval[] {
  const out: Interval[] = [];
  for (const e of periods) {
    if (e.kind !== 'pause' && e.kind !== 'reduction') continue;
    const endKind = `${e.kind}_end`;
    const restore = periods
      .filter((x) => x.kind === endKind && x.startsOn > e.startsOn)
      .map((x) => x.startsOn)
      .sort()[0];
    const until = [e.endsOn, restore].filter((x): x is string => !!x).sort()[0] ?? null;
    out.push({ e, from: e.startsOn, until });
  }
  return out;
}

/**
 * The capacity a service point had before its reductions on file, from its capacity now: connections
 * writes the reduced capacity to the service point when a reduction is carried out and adds it back when
 * a reduction_end is, so the reductions without a later end are added back.
 */
export function capacityBeforeReductions(currentKva: number, periods: CapacityPeriodIn[]): number {
  const open = intervalsOf(periods.filter((p) => p.source === 'connections')).filter(
    (i) => i.e.kind === 'reduction' && !periods.some((x) => x.kind === 'reduction_end' && x.startsOn > i.e.startsOn),
  );
  return open.reduce((s, i) => s + i.e.kva, currentKva);
}

/**
 * The rating's service events over [from, to] from the base capacity and the pause / reduction periods:
 * the state on `from` (when it differs from full service) and every change inside the period. Each event
 * says which periods it comes from (`describe` for the bill line's note).
 */
export function serviceEventsOf(baseKva: number, periods: CapacityPeriodIn[], from: string, to: string): { events: ServiceEvent[]; used: CapacityPeriodIn[] } {
  const iv = intervalsOf(periods);
  const inForce = (d: string) => iv.filter((i) => i.from <= d && (i.until === null || i.until > d));
  const capOn = (d: string) =>
    Math.max(
      0,
      inForce(d).reduce((c, i) => c - i.e.kva, baseKva),
    );
  const events: ServiceEvent[] = [];
  const toEvent = (date: string, cap: number): ServiceEvent => (cap <= 0 ? { date, kind: 'pause' } : { date, kind: 'resume', capacityKva: cap });
  let cap = capOn(from);
  if (cap !== baseKva) events.push(toEvent(from, cap));
  const changes = [...new Set(iv.flatMap((i) => [i.from, i.until]).filter((d): d is string => d !== null && d > from && d <= to))].sort();
  for (const d of changes) {
    const c = capOn(d);
    if (c !== cap) events.push(toEvent(d, c));
    cap = c;
  }
  const used = iv.filter((i) => i.from <= to && (i.until === null || i.until > from)).map((i) => i.e);
  // the ends that cut a period inside the billing period are used too
  for (const e of periods)
    if ((e.kind === 'pause_end' || e.kind === 'reduction_end') && e.startsOn >= from && e.startsOn <= to && !used.includes(e)) used.push(e);
  return { events, used };
}

const KIND_ZH: Record<string, string> = { pause: '暂停', pause_end: '暂停恢复', reduction: '减容', reduction_end: '减容恢复' };

/** A capacity event as named on a bill line: kind, where it is recorded and its id, dates, kVA. */
export function describeEvent(e: CapacityPeriodIn): string {
  const where = e.source === 'connections' ? '业扩' : '计费';
  const dates = e.kind.endsWith('_end') ? `${e.startsOn}` : `${e.startsOn}–${e.endsOn ?? '…'}`;
  return `${KIND_ZH[e.kind] ?? e.kind} ${e.kind} ${where}#${e.id} ${dates} ${e.kva} kVA`;
}

/** A parameter version as named on a bill line. */
export function describeVersion(v: Pick<BillingParamsVersion, 'id' | 'validFrom' | 'validTo'>): string {
  return `计费参数 parameters #${v.id} (${v.validFrom}–${v.validTo ?? ''})`;
}
