/**
 * Demand-side advice (需求侧管理): what moving a share of a customer's peak-hour use to valley hours would
 * have saved on a bill (docs/billing.md §18). Pure: the bill's own stored rating input (the account, the
 * period, the kWh by TOU period from its meter or interval data, the year to date, its metering split) is rated
 * twice by the same `rateWithSplit` the bill run uses, as billed and with the load moved, under the tariff versions in force
 * over the bill's period; the saving is the difference of the two totals, so tiers, the power factor
 * adjustment and the funds are counted exactly as on a real bill.
 */
import { badField } from '../../platform/errors.js';
import { D, dec } from './decimal.js';
import type { RatingInput } from './rating-rules.js';
import { rateWithSplit, type SplitRatingInput } from './metering-split-rules.js';
import { PERIODS, type Period, type Registers } from './schemas.js';

export type PeriodKwh = Record<Period, number>;

/** Percent → fraction: the share is given in whole percent. */
const PERCENT = 100;
/** Moved kWh are rounded half-up to 0.01 kWh, like every shared quantity of the rating (docs/billing.md, Money and rounding). */
const KWH_DP = 2;

/**
 * Moves `sharePct` % of each `from` period's kWh to the valley period. Each moved quantity is rounded
 * half-up to 0.01 kWh once; what is moved out of a period is exactly what the valley gains, so the total
 * kWh is unchanged to the last hundredth (tested).
 */
export function shiftToValley(kwh: Registers['kwh'], sharePct: number, from: Period[]): { after: PeriodKwh; before: PeriodKwh; movedKwh: number } {
  if (!Number.isInteger(sharePct) || sharePct < 0 || sharePct > PERCENT)
    throw badField('sharePct', 'range', '转移比例须为 0–100 的整数', 'the share must be a whole percent 0–100');
  if (from.includes('valley')) throw badField('from', 'valley', '不能从低谷时段转出', 'load is moved out of peak periods, not the valley');
  const before = Object.fromEntries(PERIODS.map((p) => [p, dec(kwh[p] ?? 0)])) as Record<Period, InstanceType<typeof D>>;
  const after = { ...before };
  let moved = new D(0);
  for (const p of from) {
    const m = before[p].times(sharePct).div(PERCENT).toDecimalPlaces(KWH_DP, D.ROUND_HALF_UP);
    after[p] = before[p].minus(m);
    moved = moved.plus(m);
  }
  after.valley = before.valley.plus(moved);
  const num = (r: Record<Period, InstanceType<typeof D>>) => Object.fromEntries(PERIODS.map((p) => [p, r[p].toNumber()])) as PeriodKwh;
  return { before: num(before), after: num(after), movedKwh: moved.toNumber() };
}

export interface WhatIf {
  before: PeriodKwh;
  after: PeriodKwh;
  movedKwh: number;
  beforeFen: number;
  afterFen: number;
  savingFen: number;
  tariffCodes: string[];
}

/**
 * The bill as rated from `input` and again with `sharePct` % of the peak (and, with `critical`, the
 * critical-peak) kWh in valley hours. Refused for an account not billed by TOU period (no TOU prices
 * apply to its use; named `accountId`). With the bill's metering split (§23: `split`, its year to date and
 * `input.ytdKwh` the main class's, as `splitYtdInputs` gives them) both are rated by `rateWithSplit`, the split
 * taken of the moved registers as a run would take it.
 */
export function touWhatIf(input: RatingInput, sharePct: number, critical = true, split: SplitRatingInput | null = null): WhatIf {
  if (!input.account.tou)
    throw badField(
      'accountId',
      'not_tou',
      '该户未执行分时电价，移峰填谷不改变电费',
      'this account is not billed by time of use: moving load does not change its bill',
    );
  const shift = shiftToValley(input.registers.kwh, sharePct, critical ? ['critical', 'peak'] : ['peak']);
  const kwhOf = (k: PeriodKwh) => Object.fromEntries(PERIODS.filter((p) => k[p] > 0 || input.registers.kwh[p] !== undefined).map((p) => [p, k[p]]));
  const asBilled = rateWithSplit(input, split);
  const moved = rateWithSplit({ ...input, registers: { ...input.registers, kwh: kwhOf(shift.after) } }, split);
  return {
    before: shift.before,
    after: shift.after,
    movedKwh: shift.movedKwh,
    beforeFen: asBilled.totalFen,
    afterFen: moved.totalFen,
    savingFen: asBilled.totalFen - moved.totalFen,
    tariffCodes: [...new Set(asBilled.lines.map((l) => l.tariffCode).filter((c): c is string => c !== null))],
  };
}
