/**
 * Charges from meter reads (docs/prepaid.md, "Charges from meter reads"). Pure: the reads, the read
 * before them and the meters' multipliers come in; which reads are taken and their kWh go out.
 *
 * - Per meter, in read-time order, every new kWh index read is taken once (its key: account, meter,
 *   read time); the kWh between it and the read before it are charged on the day the daily pass takes
 *   it (the day the read arrived), never spread back over the days before (the balance and the
 *   notices already sent for those days stand).
 * - The register advance, a register rollover and a meter change are billing's rule (`validateReading`
 *   of billing: N-digit rollover within the policy's share, a new meter starting from zero), times the
 *   meter's multiplier (倍率).
 * - Each read's kWh is rounded **once, half up, to 0.001 kWh** (`KWH_DECIMALS`, the precision of a
 *   prepaid day's kWh) before the day's reads are summed.
 * - A read held by an open or disputed reading exception (抄表异常) waits, and so do the later reads
 *   of its meter (the next read's advance would otherwise include the held one's); a meter without a
 *   known multiplier waits too.
 * - The first read of a meter with no read before it is a baseline (nothing charged); a read below
 *   the last that is not a rollover (billing accepted it anyway) is the new baseline, nothing charged.
 */
import { Decimal } from 'decimal.js';
import type { ReadingInput, ReadingResult } from '../billing/index.js';
import { KWH_DECIMALS } from './schemas.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export interface KwhRead {
  meterId: number;
  readAt: Date;
  /** register index, decimal text */
  value: string;
  meterChanged: boolean;
  /** an open or disputed reading exception holds it back */
  held: boolean;
}
export interface PrevRead {
  readAt: Date;
  value: string;
}
export type ReadOutcome = 'charged' | 'baseline' | 'not_chargeable';
export interface ReadCharge {
  meterId: number;
  readAt: Date;
  prevReadAt: Date | null;
  prevValue: string | null;
  value: string;
  multiplier: string;
  /** kWh, rounded half up to KWH_DECIMALS */
  kwh: string;
  outcome: ReadOutcome;
}
/** billing's reading rule, passed in so this stays pure and testable (billing's `validateReading` with its policy bound) */
export type AdvanceRule = (r: ReadingInput) => Pick<ReadingResult, 'kwh' | 'issues'>;

/**
 * The reads taken now, from the new reads of one account (any order), the read before the first new
 * read of each meter (if any), the meters' multipliers and the register digits.
 */
export function chargesFromReads(
  reads: readonly KwhRead[],
  prev: ReadonlyMap<number, PrevRead>,
  multipliers: ReadonlyMap<number, string>,
  registerDigits: number,
  advance: AdvanceRule,
): { taken: ReadCharge[]; waiting: number; kwh: string } {
  const byMeter = new Map<number, KwhRead[]>();
  for (const r of reads) byMeter.set(r.meterId, [...(byMeter.get(r.meterId) ?? []), r]);
  const taken: ReadCharge[] = [];
  let waiting = 0;
  let total = new D(0);
  for (const [meterId, list] of [...byMeter].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.readAt.getTime() - b.readAt.getTime());
    const multiplier = multipliers.get(meterId);
    let last = prev.get(meterId) ?? null;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r.held || multiplier === undefined) {
        waiting += list.length - i;
        break;
      }
      const base = { meterId, readAt: r.readAt, prevReadAt: last?.readAt ?? null, prevValue: last?.value ?? null, value: r.value, multiplier };
      if (!last && !r.meterChanged) {
        taken.push({ ...base, kwh: '0', outcome: 'baseline' });
      } else {
        const res = advance({
          last: r.meterChanged ? 0 : last!.value,
          current: r.value,
          digits: registerDigits,
          meterChanged: r.meterChanged,
          ctRatio: Number(multiplier),
          ptRatio: 1,
          estimated: false,
          history: [],
        });
        if (res.issues.some((x) => x.code === 'below_last')) taken.push({ ...base, kwh: '0', outcome: 'not_chargeable' });
        else {
          const kwh = new D(res.kwh.toString()).toDecimalPlaces(KWH_DECIMALS, D.ROUND_HALF_UP);
          total = total.plus(kwh);
          taken.push({ ...base, kwh: kwh.toString(), outcome: 'charged' });
        }
      }
      last = { readAt: r.readAt, value: r.value };
    }
  }
  return { taken, waiting, kwh: total.toString() };
}
