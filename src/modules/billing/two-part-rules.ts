/**
 * Two-part tariff (两部制电价, 发改办价格〔2016〕1583号, 发改价格〔2023〕526号): pure.
 *
 * - For commercial and industrial users (the policy's classes): capacity ≤ 100 kVA: single-part only; 100–315 kVA: the customer chooses; ≥ 315 kVA: two-part only.
 * - Basic charge by capacity: kVA in service × ¥/kVA·month; by contracted maximum demand: contract kW ×
 *   ¥/kW·month, and when the month's maximum demand exceeds 105 % of the contract, the demand above 105 %
 *   pays twice the price (billed: 105 % of the contract at the price + the excess at double price).
 * - A contracted demand below 40 % of the capacity is set at 40 % of the capacity (1583号: 申请最大需量核定值低于
 *   变压器容量和高压电动机容量总和的40%时，按容量总和的40%核定合同最大需量); the capacity is the one in service
 *   on each day (after pauses and reductions), so the floor moves with it.
 * - Demand-billed customers using ≥ 260 kWh per kVA of installed capacity in the month pay 90 % of the demand
 *   price, unless the account's billing parameters say it is not eligible (`highLoadEligible: false`).
 * - Pauses (暂停) and capacity reductions (减容) are dated events; the basic charge of each stretch of days
 *   is prorated: charge × days / days in the month. Each line is rounded half-up to the fen by the rating.
 * All figures (100, 315, 1.05, 2, 0.4, 260, 0.9) come from the policy object.
 */
import { D, dec, qtyText, type Dec } from './decimal.js';
import { addDays, daysIncl, daysInMonth } from '../../platform/calendar/dates.js';
import type { RawLine } from './line.js';
import type { Problem } from './tou-rules.js';
import type { BillingPolicy, RatingAccount, ServiceEvent } from './schemas.js';

export type PricingRule = 'single_only' | 'choice' | 'two_part_only';

export function pricingRule(capacityKva: number, policy: BillingPolicy['twoPart']): PricingRule {
  const c = dec(capacityKva);
  if (c.lte(dec(policy.singlePartMaxKva))) return 'single_only';
  if (c.gte(dec(policy.twoPartMinKva))) return 'two_part_only';
  return 'choice';
}

/** The account's pricing and contract against the policy; problems name the input. */
export function validateContract(account: RatingAccount, policy: BillingPolicy['twoPart']): Problem[] {
  const out: Problem[] = [];
  if (!policy.classes.includes(account.customerClass)) {
    if (account.pricing === 'two_part')
      out.push({ field: 'account.pricing', rule: 'single_only', zh: '该用电类别执行单一制', en: 'this customer class is single-part only' });
    return out;
  }
  const rule = pricingRule(account.capacityKva, policy);
  if (rule === 'single_only' && account.pricing === 'two_part')
    out.push({
      field: 'account.pricing',
      rule: 'single_only',
      zh: `容量 ${account.capacityKva} kVA 不超过 ${policy.singlePartMaxKva} kVA，执行单一制`,
      en: `${account.capacityKva} kVA is at most ${policy.singlePartMaxKva} kVA: single-part only`,
    });
  if (rule === 'two_part_only' && account.pricing === 'single')
    out.push({
      field: 'account.pricing',
      rule: 'two_part_only',
      zh: `容量 ${account.capacityKva} kVA 不低于 ${policy.twoPartMinKva} kVA，执行两部制`,
      en: `${account.capacityKva} kVA is at least ${policy.twoPartMinKva} kVA: two-part only`,
    });
  if (account.pricing === 'two_part' && account.basicBasis === undefined)
    out.push({
      field: 'account.basicBasis',
      rule: 'required',
      zh: '两部制须选择按容量或按需量计收基本电费',
      en: 'a two-part account bills its basic charge by capacity or by demand',
    });
  if (account.pricing === 'two_part' && account.basicBasis === 'demand' && account.contractDemandKw === undefined)
    out.push({ field: 'account.contractDemandKw', rule: 'required', zh: '按需量计费须有合同最大需量', en: 'demand billing needs a contracted demand' });
  return out;
}

export interface ServiceStretch {
  from: string;
  to: string;
  days: number;
  inService: boolean;
  capacityKva: number;
}

/** Splits [from, to] at dated pause / resume / capacity events into stretches of one state. */
export function serviceStretches(from: string, to: string, capacityKva: number, events: ServiceEvent[]): ServiceStretch[] {
  const sorted = [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let state = { inService: true, capacityKva };
  for (const e of sorted.filter((x) => x.date <= from)) state = apply(state, e);
  const out: ServiceStretch[] = [];
  let start = from;
  for (const e of sorted.filter((x) => x.date > from && x.date <= to)) {
    if (e.date > start) out.push({ from: start, to: addDays(e.date, -1), days: daysIncl(start, addDays(e.date, -1)), ...state });
    state = apply(state, e);
    start = e.date;
  }
  out.push({ from: start, to, days: daysIncl(start, to), ...state });
  return out;
}
function apply(s: { inService: boolean; capacityKva: number }, e: ServiceEvent) {
  if (e.kind === 'pause') return { ...s, inService: false };
  if (e.kind === 'resume') return { inService: true, capacityKva: e.capacityKva ?? s.capacityKva };
  return { ...s, capacityKva: e.capacityKva ?? s.capacityKva };
}

export interface BasicInput {
  account: RatingAccount;
  /** the stretch of the billing month rated under one tariff version */
  from: string;
  to: string;
  capacityPrice: string;
  demandPrice: string;
  events: ServiceEvent[];
  /** kWh of the whole month (for the 260 kWh/kVA rule) and its maximum demand */
  monthKwh: Dec;
  maxDemandKw: number | undefined;
  /** appended to every line's note: which billing parameter version and capacity events were used */
  explain?: string;
}

/** The contracted demand billed for a stretch of `capacityKva` in service: the contract, floored at the policy's share of the capacity. */
export function billedContract(contractKw: Dec, capacityKva: number, policy: BillingPolicy['twoPart']): { kw: Dec; floored: boolean } {
  const floor = dec(capacityKva).times(dec(policy.minContractShare));
  return contractKw.lt(floor) ? { kw: floor, floored: true } : { kw: contractKw, floored: false };
}

/** Basic charge lines (unrounded) for one stretch under one tariff version. */
export function basicChargeLines(i: BasicInput, policy: BillingPolicy['twoPart']): RawLine[] {
  const monthDays = daysInMonth(i.from);
  const stretches = serviceStretches(i.from, i.to, i.account.capacityKva, i.events);
  const out: RawLine[] = [];
  if (i.account.basicBasis === 'capacity') {
    const price = dec(i.capacityPrice);
    for (const s of stretches.filter((x) => x.inService && x.capacityKva > 0)) {
      const share = new D(s.days).div(monthDays);
      out.push({
        code: 'basic_capacity',
        rule: 'two_part.capacity (发改办价格〔2016〕1583号)',
        labelZh: '基本电费（按容量）',
        labelEn: 'Basic charge (capacity)',
        register: null,
        quantity: dec(s.capacityKva),
        unit: 'kVA·月',
        price,
        amount: dec(s.capacityKva).times(price).times(share),
        note: `${s.from}–${s.to}: ${s.days}/${monthDays} 天 days${i.explain ? `；${i.explain}` : ''}`,
      });
    }
    return out;
  }
  // by contracted demand: the in-service days grouped by the contract billed (floored at 40 % of the capacity in service)
  const contract = dec(i.account.contractDemandKw ?? 0);
  const groups = new Map<string, { kw: Dec; floored: boolean; capacityKva: number; days: number }>();
  for (const s of stretches.filter((x) => x.inService)) {
    const b = billedContract(contract, s.capacityKva, policy);
    const g = groups.get(b.kw.toString());
    if (g) g.days += s.days;
    else groups.set(b.kw.toString(), { ...b, capacityKva: s.capacityKva, days: s.days });
  }
  if (groups.size === 0) return out;
  const eligible = i.account.highLoadEligible !== false;
  const highLoad = eligible && !dec(i.account.capacityKva).isZero() && i.monthKwh.div(dec(i.account.capacityKva)).gte(dec(policy.highLoadKwhPerKva));
  const price = dec(i.demandPrice).times(highLoad ? dec(policy.highLoadDemandFactor) : 1);
  const highNote = highLoad
    ? `；月用电 ${qtyText(i.monthKwh.div(dec(i.account.capacityKva)), 1)} kWh/kVA ≥ ${policy.highLoadKwhPerKva}，需量电价 × ${policy.highLoadDemandFactor}（发改价格〔2023〕526号）`
    : '';
  const actual = dec(i.maxDemandKw ?? 0);
  const sharePct = dec(policy.minContractShare).times(100);
  const extra = i.explain ? `；${i.explain}` : '';
  for (const g of groups.values()) {
    const share = new D(g.days).div(monthDays);
    const floorNote = g.floored
      ? `；合同需量 contract ${contract} kW < ${sharePct}% × ${g.capacityKva} kVA，按 billed at ${g.kw} kW（发改办价格〔2016〕1583号）`
      : '';
    const prorate = `${g.days}/${monthDays} 天 days${floorNote}`;
    const cap = g.kw.times(dec(policy.overContractShare));
    if (actual.lte(cap)) {
      out.push({
        code: 'basic_demand',
        rule: 'two_part.demand (发改办价格〔2016〕1583号)',
        labelZh: '基本电费（按合同需量）',
        labelEn: 'Basic charge (contracted demand)',
        register: 'maxDemandKw',
        quantity: g.kw,
        unit: 'kW·月',
        price,
        amount: g.kw.times(price).times(share),
        note: `${prorate}${highNote}${extra}`,
      });
      continue;
    }
    const excess = actual.minus(cap);
    const excessPrice = price.times(dec(policy.overContractMultiplier));
    out.push({
      code: 'basic_demand',
      rule: 'two_part.demand (发改办价格〔2016〕1583号)',
      labelZh: `基本电费（合同需量的 ${dec(policy.overContractShare).times(100)}%）`,
      labelEn: `Basic charge (${dec(policy.overContractShare).times(100)} % of contracted demand)`,
      register: 'maxDemandKw',
      quantity: cap,
      unit: 'kW·月',
      price,
      amount: cap.times(price).times(share),
      note: `${prorate}${highNote}${extra}`,
    });
    out.push({
      code: 'basic_demand_excess',
      rule: 'two_part.demand_excess (发改办价格〔2016〕1583号)',
      labelZh: '基本电费（超合同需量部分加倍）',
      labelEn: 'Basic charge (demand above contract, doubled)',
      register: 'maxDemandKw',
      quantity: excess,
      unit: 'kW·月',
      price: excessPrice,
      amount: excess.times(excessPrice).times(share),
      note: `实际 actual ${actual} kW；${prorate}${extra}`,
    });
  }
  return out;
}
