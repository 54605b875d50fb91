/**
 * RS-1 for the benchmarking scorecards (docs/scorecards.md; docs/rules.md §8): for the units of
 * `orgUnitIds`, the customer-seconds of sustained interruptions beginning in the period (the
 * report's rollup and open records) and the customers served now. RS-1 = 1 − interrupted
 * customer-seconds / (customers × period seconds); major event days are not excluded (DL/T 836's
 * RS-1 counts every interruption). Customer-seconds are rounded to whole seconds.
 */
import type { Queryable } from '../../db/pool.js';
import { customersServed, dayTotalsFromDb, loadReliabilityPolicy } from './reliability-store.js';

export async function rs1Figures(
  q: Queryable,
  orgUnitIds: number[],
  from: Date,
  to: Date,
): Promise<{ interruptedCustomerSeconds: number; customers: number; periodSeconds: number }> {
  const policy = await loadReliabilityPolicy(q);
  const [n, days] = await Promise.all([customersServed(q, { orgUnitIds }), dayTotalsFromDb(q, { orgUnitIds }, from, to, policy)]);
  let minutes = 0;
  for (const t of days.values()) minutes += t.customerMinutes;
  return { interruptedCustomerSeconds: Math.round(minutes * 60), customers: n, periodSeconds: Math.round((to.getTime() - from.getTime()) / 1000) };
}
