/**
 * Pure: large customers (电力大客户服务管理办法) — classification with its reasons, the
 * power-factor standard, dedicated-line eligibility, which applications need the first and joint
 * reviews, and which agreements must exist before energising. Every threshold comes from the policy.
 */
import type { ConnectionPolicy } from './policy.js';
import { isHv, type CustomerClass, type Industry } from './stage-rules.js';

export interface Reason {
  code: string;
  zh: string;
  en: string;
}

export interface CustomerFacts {
  contractedKva: number;
  annualKwh: number;
  important: boolean;
  highRisk: boolean;
}

export function classifyLarge(f: CustomerFacts, p: ConnectionPolicy['large']): { large: boolean; reasons: Reason[] } {
  const reasons: Reason[] = [];
  if (f.contractedKva >= p.minKva)
    reasons.push({
      code: 'capacity',
      zh: `合同容量 ${f.contractedKva} kVA ≥ ${p.minKva} kVA`,
      en: `contracted capacity ${f.contractedKva} kVA ≥ ${p.minKva} kVA`,
    });
  if (f.annualKwh >= p.minAnnualKwh)
    reasons.push({
      code: 'consumption',
      zh: `年用电量 ${f.annualKwh} kWh ≥ ${p.minAnnualKwh} kWh`,
      en: `annual consumption ${f.annualKwh} kWh ≥ ${p.minAnnualKwh} kWh`,
    });
  if (f.important) reasons.push({ code: 'important', zh: '重要客户', en: 'flagged important' });
  if (f.highRisk) reasons.push({ code: 'high_risk', zh: '高危客户', en: 'flagged high-risk' });
  return { large: reasons.length > 0, reasons };
}

/** Contracted capacity after an application of this kind is carried out. */
export function capacityAfter(kind: string, existingKva: number, requestedKva: number): number {
  switch (kind) {
    case 'new':
      return requestedKva;
    case 'increase':
      return existingKva + requestedKva;
    case 'reduction':
      return Math.max(0, existingKva - requestedKva);
    case 'reduction_end':
      return existingKva + requestedKva;
    default:
      return existingKva;
  }
}

/** Power-factor standard (功率因数调整电费办法) from class, use and capacity; null when none applies. */
export function powerFactorStandard(cls: CustomerClass, industry: Industry, kva: number, p: ConnectionPolicy['powerFactor']): number | null {
  if (industry === 'residential' || cls === 'residential') return null;
  if (industry === 'industrial' && isHv(cls) && kva >= p.hvIndustrialMinKva) return p.hvIndustrial;
  if (industry === 'agricultural') return kva >= p.agriculturalMinKva ? p.agricultural : null;
  return kva >= p.otherMinKva ? p.other : null;
}

export interface DedicatedLineFacts {
  /** capacity of transformers already connected, and for how many years */
  existingKva: number;
  existingYears: number;
  longTermKva: number;
  freeBay: boolean;
  firstApplicationKva: number;
  withinOneYearKva: number;
}

/** Eligible when the existing transformers qualify, or the plans meet every condition; otherwise the unmet conditions. */
export function dedicatedLineEligibility(
  f: DedicatedLineFacts,
  p: ConnectionPolicy['dedicatedLine'],
): { eligible: boolean; basis: string | null; unmet: Reason[] } {
  if (f.existingKva >= p.existingMinKva && f.existingYears >= p.existingMinYears) return { eligible: true, basis: 'existing', unmet: [] };
  const unmet: Reason[] = [];
  if (f.longTermKva < p.longTermMinKva)
    unmet.push({ code: 'long_term', zh: `远期规划容量应 ≥ ${p.longTermMinKva} kVA`, en: `long-term capacity must be ≥ ${p.longTermMinKva} kVA` });
  if (!f.freeBay) unmet.push({ code: 'free_bay', zh: '变电站须有空余 10 kV 间隔', en: 'a free 10 kV bay is needed' });
  if (f.firstApplicationKva < p.firstApplicationMinKva)
    unmet.push({
      code: 'first_application',
      zh: `首期申请容量应 ≥ ${p.firstApplicationMinKva} kVA`,
      en: `first application must be ≥ ${p.firstApplicationMinKva} kVA`,
    });
  if (f.withinOneYearKva < p.withinOneYearMinKva)
    unmet.push({
      code: 'within_one_year',
      zh: `一年内容量应达到 ${p.withinOneYearMinKva} kVA`,
      en: `capacity must reach ${p.withinOneYearMinKva} kVA within one year`,
    });
  return { eligible: unmet.length === 0, basis: unmet.length === 0 ? 'plan' : null, unmet };
}

/** Why an application needs the first review (design office with dispatch and production) and the joint review by company leaders. */
export function reviewReasons(a: { dedicatedLine: boolean; customerClass: CustomerClass; requestedKva: number }, p: ConnectionPolicy): Reason[] {
  const r: Reason[] = [];
  if (a.dedicatedLine) r.push({ code: 'dedicated_line', zh: '专线供电', en: 'dedicated line' });
  if (a.customerClass === 'hv_dual') r.push({ code: 'hv_dual', zh: '高压双电源', en: 'HV dual supply' });
  if (a.requestedKva >= p.reviewMinKva) r.push({ code: 'capacity', zh: `单次申请容量 ≥ ${p.reviewMinKva} kVA`, en: `one application ≥ ${p.reviewMinKva} kVA` });
  return r;
}

/**
 * Where an application needing review stands (the last decision of each level counts): awaiting the
 * first review (none yet, or the last one rejected), awaiting the joint review (first approved, the
 * joint one not yet or rejected), or approved by both (the plan can be replied).
 */
export function reviewStage(reviews: readonly { level: 'first' | 'joint'; decision: 'approved' | 'rejected' }[]): 'first' | 'joint' | 'approved' {
  const last = (level: 'first' | 'joint') => reviews.filter((r) => r.level === level).at(-1)?.decision;
  if (last('first') !== 'approved') return 'first';
  return last('joint') === 'approved' ? 'approved' : 'joint';
}

export const AGREEMENT_KINDS = ['supply_contract', 'dispatch_agreement', 'generation_agreement', 'anti_backfeed'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_LABEL: Record<AgreementKind, { zh: string; en: string }> = {
  supply_contract: { zh: '供用电合同', en: 'supply contract' },
  dispatch_agreement: { zh: '调度协议', en: 'dispatch agreement' },
  generation_agreement: { zh: '双（自备）电源使用协议', en: 'dual-supply (own generation) agreement' },
  anti_backfeed: { zh: '防倒送电措施确认', en: 'anti-backfeed measures' },
};

/** The agreements that must be on record before energising. */
export function requiredAgreements(a: { large: boolean; customerClass: CustomerClass; ownGeneration: boolean }): AgreementKind[] {
  const out: AgreementKind[] = [];
  if (a.large) out.push('supply_contract');
  if (a.customerClass === 'hv_dual') out.push('dispatch_agreement');
  if (a.ownGeneration) out.push('generation_agreement', 'anti_backfeed');
  return out;
}
