/**
 * IEEE 1366 and DL/T 836 indices from summed interruption totals (docs/rules.md §8):
 * SAIFI = Σ Nᵢ / N_T; SAIDI = Σ rᵢ Nᵢ / N_T; CAIDI = SAIDI / SAIFI;
 * ASAI = 1 − Σ rᵢ Nᵢ / (N_T × hours); MAIFI = momentary customer interruptions / N_T;
 * AIHC-1 = Σ (hours × customers) / N_T; RS-1 = (1 − AIHC-1 / hours) × 100 %;
 * RS-3 leaves out supply-shortage (限电) interruptions, RS-2 external causes.
 * DL/T 836 uses the same sustained/momentary threshold here (policy; UNCONFIRMED whether the
 * Chinese standard draws the line elsewhere).
 */
import type { DayTotals } from './daily-totals.js';
import type { ReliabilityIndices } from './schemas.js';

export type { ReliabilityIndices };

export function computeIndices(t: DayTotals, customersServed: number, hours: number): ReliabilityIndices {
  if (!(customersServed > 0)) throw new RangeError('customersServed must be positive');
  if (!(hours > 0)) throw new RangeError('the period must be longer than zero hours');
  const n = customersServed;
  const saifi = t.sustained / n;
  const saidi = t.customerMinutes / n;
  const aihc1 = t.customerMinutes / 60 / n;
  const rs = (minutes: number) => (1 - minutes / 60 / n / hours) * 100;
  return {
    customersServed: n,
    hours,
    customerInterruptions: t.sustained,
    customerMinutes: t.customerMinutes,
    momentaryInterruptions: t.momentary,
    saifi,
    saidiMinutes: saidi,
    caidiMinutes: t.sustained === 0 ? null : t.customerMinutes / t.sustained,
    asai: 1 - t.customerMinutes / 60 / (n * hours),
    maifi: t.momentary / n,
    aihc1Hours: aihc1,
    rs1Percent: rs(t.customerMinutes),
    rs2Percent: rs(t.customerMinutes - t.externalMinutes),
    rs3Percent: rs(t.customerMinutes - t.shortageMinutes),
  };
}
