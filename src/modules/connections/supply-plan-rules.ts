/**
 * Pure: checks of a supply plan with a new dedicated transformer — an HV room, HV metering
 * (高供高计), a CT rating that fits the normal load current I = S / (√3 · U), a dry-type
 * transformer when indoors. They are warnings: a plan may go out past one only with a recorded reason.
 */
import type { ConnectionPolicy } from './policy.js';

export interface NewTransformer {
  kva: number;
  /** primary voltage, kV */
  voltageKv: number;
  type: 'dry' | 'oil';
  indoor: boolean;
  hvRoom: boolean;
  hvMetering: boolean;
  /** rated primary current of the metering CT, A */
  ctPrimaryA: number;
}

export interface PlanWarning {
  check: string;
  zh: string;
  en: string;
}

/** Normal load current in A of S kVA at U kV, three-phase: S / (√3 · U). */
export function loadCurrentA(kva: number, kv: number): number {
  return kva / (Math.sqrt(3) * kv);
}

export function planWarnings(t: NewTransformer | null | undefined, p: ConnectionPolicy['supplyPlan']): PlanWarning[] {
  if (!t) return [];
  const w: PlanWarning[] = [];
  if (!t.hvRoom) w.push({ check: 'hv_room', zh: '新装专用变压器须设高压配电室', en: 'a new dedicated transformer needs an HV room' });
  if (!t.hvMetering) w.push({ check: 'hv_metering', zh: '专用变压器应高供高计', en: 'a dedicated transformer should be metered on the HV side' });
  const i = loadCurrentA(t.kva, t.voltageKv);
  const r = (x: number) => Math.round(x * 10) / 10;
  if (t.ctPrimaryA < i * p.ctMinRatingOverLoad) {
    w.push({
      check: 'ct_rating',
      zh: `电流互感器一次额定电流 ${t.ctPrimaryA} A 小于正常负荷电流 ${r(i)} A`,
      en: `CT rating ${t.ctPrimaryA} A is below the normal load current ${r(i)} A`,
    });
  } else if (i < t.ctPrimaryA * p.ctMinLoadShare) {
    w.push({
      check: 'ct_rating',
      zh: `正常负荷电流 ${r(i)} A 不足电流互感器额定电流 ${t.ctPrimaryA} A 的 ${p.ctMinLoadShare * 100}%，计量精度不足`,
      en: `normal load current ${r(i)} A is under ${p.ctMinLoadShare * 100}% of the CT rating ${t.ctPrimaryA} A`,
    });
  }
  if (t.indoor && t.type !== 'dry') w.push({ check: 'dry_type_indoor', zh: '户内变压器应选用干式', en: 'an indoor transformer should be dry-type' });
  return w;
}

/** Warnings not overridden by a recorded reason. */
export function unresolvedWarnings(warnings: readonly PlanWarning[], overrides: readonly { check: string; reason: string }[]): PlanWarning[] {
  return warnings.filter((w) => !overrides.some((o) => o.check === w.check && o.reason.trim().length > 0));
}
