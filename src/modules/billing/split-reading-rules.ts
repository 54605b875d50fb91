/**
 * Split reading (分次抄表, docs/billing.md §22): pure, no I/O.
 *
 * For an account on a split-reading schedule the meter is read on agreed days of the month; each interim reading
 * gives an **interim bill** of the consumption since the previous interim reading of the month (or since the
 * reading before the month), and the month-end bill rates the **whole month** on the month's reading and
 * subtracts the interim bills (the true-up line of split settlement, split-settlement-rules.ts `finalLines`).
 * So Σ interim + month-end = the single monthly bill, to the fen, whatever the interims came to.
 *
 * What an interim bill charges:
 * - **energy** of the interim consumption: TOU by the register advances of each period; tiers counted on top of
 *   the kWh billed earlier in the tier year and on this month's earlier interim readings (`mtdKwh`), so the
 *   interims of a month climb the tiers as the month does; monthly bounds count on this month's earlier interims;
 * - **funds and surcharges** per kWh (§5), exactly proportional to the kWh;
 * - a **metering split** (§23) of the consumption: a ratio applied to each interim, a fixed quantity used up by
 *   the interims in order (what is left of the month's quantity);
 * - **not the basic charge** (§3): it is a monthly charge (kVA·month, kW·month) whose figures are known only at
 *   month end — the month's maximum demand (105 % rule), the 260 kWh/kVA test of the 90 % demand price, the days of
 *   pauses and reductions in the month — so a part of it charged earlier would be a guess; the month-end bill charges
 *   it whole;
 * - **not the power factor adjustment** (§4): cos φ is the month's (215号 adjusts the month's bill by the month's kWh
 *   and kvarh) and the percentage applies to the month's basic + energy charge; a part-month cos φ can fall in
 *   another step of the table, so it is left to the month-end bill, which applies the month's factor to the month.
 * A tariff change inside an interim period is rated by days as in §8.
 */
import { addDays } from '../../platform/calendar/dates.js';
import { D, dec, type Dec } from './decimal.js';
import { rateWithSplit, type SplitRatingInput, type SplitRatingResult } from './metering-split-rules.js';
import type { RatingInput } from './rating-rules.js';

/** The period of interim bill `day`: from the day after the previous interim reading's day (the cycle's first day for the first) to its day. */
export function interimPeriod(cycle: string, previousDay: string | null, day: string): { from: string; to: string } {
  return { from: previousDay && previousDay.slice(0, 7) === cycle ? addDays(previousDay, 1) : `${cycle}-01`, to: day };
}

/** Rates an interim reading's consumption: energy (tiers on top of `ytdKwh` + `mtdKwh`, TOU) and funds; no basic charge, no power factor adjustment. */
export function rateInterim(input: RatingInput, split: SplitRatingInput | null): SplitRatingResult {
  return rateWithSplit({ ...input, parts: { basic: false, powerFactor: false } }, split);
}

/** The month-end bill's own kWh: the month's less what the interim readings billed (Σ bills of the month = the month's kWh). */
export function monthEndKwh(monthKwh: Dec, interims: { kwh: string }[]): Dec {
  return interims.reduce((s, b) => s.minus(dec(b.kwh)), monthKwh);
}

/**
 * Whether interim `no` may be issued after the interims of the month already issued: not when a later one exists
 * (its consumption since the reading before it already covers this one's), returning that later number.
 */
export function laterInterim(issued: number[], no: number): number | null {
  const later = issued.filter((k) => k > no).sort((a, b) => a - b);
  return later.length ? later[0] : null;
}

/** Σ of the interims' kWh as a decimal (text in, so nothing passes through a float sum). */
export const sumKwh = (xs: { kwh: string }[]): Dec => xs.reduce((s, x) => s.plus(dec(x.kwh)), new D(0));
