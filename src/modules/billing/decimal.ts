/**
 * Exact decimal arithmetic for billing: prices are decimal strings in yuan (0.617 ¥/kWh), quantities
 * decimal kWh, amounts integer fen. Nothing here touches a binary floating-point number on the way to
 * money: numbers from JSON are read through their decimal text (String(x)), never multiplied as floats.
 */
import { Decimal } from 'decimal.js';

/** A private Decimal with 40 significant digits and half-up rounding (ROUND_HALF_UP: half away from zero). */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export const dec = (x: number | string | Dec): Dec => (x instanceof D ? x : new D(typeof x === 'number' ? String(x) : x));

/**
 * A tariff's price text as a Decimal, parsed once: a bill run prices thousands of accounts with the same few prices,
 * and Decimals are immutable, so one is shared (at most `PRICE_MEMO` texts are kept).
 */
export function priceDec(x: number | string): Dec {
  const k = typeof x === 'number' ? String(x) : x;
  let d = priceMemo.get(k);
  if (!d) {
    if (priceMemo.size >= PRICE_MEMO) priceMemo.clear();
    priceMemo.set(k, (d = new D(k)));
  }
  return d;
}
const PRICE_MEMO = 1000;
const priceMemo = new Map<string, Dec>();

/** yuan → fen, rounded half-up (half away from zero) to a whole fen. */
export const yuanToFen = (yuan: Dec): number => yuan.times(100).toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber();

/** A quantity as text with at most `dp` decimals and no trailing zeros (3120, 12.5). */
export const qtyText = (q: Dec, dp = 4): string => q.toDecimalPlaces(dp, D.ROUND_HALF_UP).toString();
