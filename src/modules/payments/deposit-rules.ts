/**
 * Deposit of counter cash (现金解款), docs/payments.md "Cash deposit". Pure: the bank's slip against the
 * cash of the closes it covers, and the lines each ledger unit posts. Integer fen; nothing is rounded.
 *
 * - expected = the closes' cash as the system counted it (what their cash payments put into collections
 *   in transit, 101201); difference = slip − expected (negative: shortage 短款, positive: overage 长款).
 * - difference 0: posted at once. Otherwise the policy decides: `refuse` refuses any difference; `approve`
 *   records it for a second person's approval when |difference| ≤ `maxDifferenceFen`, and refuses a larger one.
 * - Per ledger unit (where the closes' cash payments were posted): `covered` = its cash; the bank gets
 *   `deposit` = covered + overage − shortage. A shortage is taken from the units with the most cash
 *   first (ties: lower unit id), never making a unit's deposit negative; an overage goes to the unit with
 *   the most cash. Unit 0 stands for payments under org units that keep no books (not posted).
 *   Per unit: deposit + shortage = covered + overage (the entry balances), and the sums over units give
 *   deposit = slip, covered = expected.
 */
import type { DepositPolicy } from './schemas.js';

export interface DepositMatch {
  expectedFen: number;
  differenceFen: number;
  outcome: 'balanced' | 'needs_approval' | 'refused';
  reason: string | null;
}

export function matchDeposit(slipFen: number, closesCashFen: readonly number[], policy: DepositPolicy): DepositMatch {
  const expectedFen = closesCashFen.reduce((s, v) => s + v, 0);
  const differenceFen = slipFen - expectedFen;
  if (differenceFen === 0) return { expectedFen, differenceFen, outcome: 'balanced', reason: null };
  if (policy.difference === 'refuse') return { expectedFen, differenceFen, outcome: 'refused', reason: 'policy_refuses_difference' };
  if (Math.abs(differenceFen) > policy.maxDifferenceFen) return { expectedFen, differenceFen, outcome: 'refused', reason: 'difference_above_limit' };
  return { expectedFen, differenceFen, outcome: 'needs_approval', reason: null };
}

export interface UnitDeposit {
  unit: number;
  deposit: number;
  covered: number;
  shortage: number;
  overage: number;
}

/** Splits a deposit over the ledger units of the covered cash (see the file's comment). */
export function depositByUnit(slipFen: number, cashByUnit: ReadonlyMap<number, number>): UnitDeposit[] {
  const units = [...cashByUnit.entries()].filter(([, fen]) => fen > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (!units.length) throw new RangeError('no cash to deposit');
  const out = units.map(([unit, covered]) => ({ unit, deposit: covered, covered, shortage: 0, overage: 0 }));
  const expected = units.reduce((s, [, fen]) => s + fen, 0);
  let diff = slipFen - expected;
  if (diff > 0) {
    out[0].overage = diff;
    out[0].deposit += diff;
  }
  for (const u of out) {
    if (diff >= 0) break;
    const take = Math.min(u.covered, -diff);
    u.shortage = take;
    u.deposit -= take;
    diff += take;
  }
  return out.sort((a, b) => a.unit - b.unit);
}
