/**
 * Power factor adjustment (功率因数调整电费, (83)水电财字第215号): pure.
 *
 * The month's power factor is cos φ = P / √(P² + Q²) from active energy P (kWh) and reactive energy
 * Q (kvarh), rounded half-up to two decimals. The rounding is decided exactly, without a square root:
 * cos φ ≥ (2k − 1)/200 ⇔ 40000·P² ≥ (2k − 1)²·(P² + Q²), so a factor a hair below x.xx5 never rounds up
 * by float drift. The adjustment percentage comes from the standard's table (policy data); it applies
 * to basic charge + energy charge; a negative percentage is a reduction.
 */
import { D, dec, type Dec } from './decimal.js';
import type { BillingPolicy, PfStandardTable, RatingAccount } from './schemas.js';

/** cos φ rounded half-up to 2 decimals, as a Decimal; null when there was no energy at all (P = Q = 0). */
export function powerFactor(kwh: number | string | Dec, kvarh: number | string | Dec): Dec | null {
  const p = dec(kwh),
    q = dec(kvarh);
  if (p.isNeg() || q.isNeg()) throw new RangeError('energy must be non-negative');
  const sum = p.times(p).plus(q.times(q));
  if (sum.isZero()) return null;
  const p2x = p.times(p).times(40000);
  const atLeast = (k: number) => k <= 0 || p2x.gte(sum.times((2 * k - 1) ** 2)); // cos φ ≥ (k − ½)/100
  // start from a floating-point estimate (within a hundredth or two of the answer; a 40-digit decimal square root cost
  // more than the rest of the rating of a two-part bill), then settle exactly: the result never depends on the estimate
  const pn = p.toNumber(),
    qn = q.toNumber();
  let k = Math.min(100, Math.max(0, Math.round((100 * pn) / Math.sqrt(pn * pn + qn * qn)) || 0));
  while (k < 100 && atLeast(k + 1)) k++;
  while (k > 0 && !atLeast(k)) k--;
  return new D(k).div(100);
}

/** The adjustment in percent (negative: reduction) for a rounded power factor under a standard's table. */
export function pfAdjustmentPct(table: PfStandardTable, pf: Dec): Dec {
  const std = dec(table.standard);
  const hundredths = (x: Dec) => x.times(100);
  let pct = new D(0);
  if (pf.gte(std)) {
    for (const s of table.above) {
      const top = D.min(dec(s.to), pf);
      const steps = hundredths(top.minus(dec(s.from)));
      if (steps.gt(0)) pct = pct.plus(steps.times(dec(s.step)));
    }
  } else {
    for (const s of table.below) {
      const bottom = D.max(dec(s.to), pf);
      const steps = hundredths(dec(s.from).minus(bottom));
      if (steps.gt(0)) pct = pct.plus(steps.times(dec(s.step)));
    }
  }
  return pct;
}

/** The standard that applies to an account (class, HV industry, capacity), or null when none does. */
export function pfStandardFor(policy: BillingPolicy, account: Pick<RatingAccount, 'customerClass' | 'hvIndustrial' | 'capacityKva'>): PfStandardTable | null {
  const cap = dec(account.capacityKva);
  const rule = policy.pfApplicability.find(
    (r) =>
      r.classes.includes(account.customerClass) &&
      (!r.hvIndustrialOnly || account.hvIndustrial === true) &&
      (r.minInclusive ? cap.gte(dec(r.minKva)) : cap.gt(dec(r.minKva))),
  );
  if (!rule) return null;
  const table = policy.pfTables.find((t) => t.standard === rule.standard);
  if (!table) throw new RangeError(`no power factor table for standard ${rule.standard}`);
  return table;
}
