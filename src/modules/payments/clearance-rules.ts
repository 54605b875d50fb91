/**
 * Clearing a gateway statement exception's balance (docs/payments.md, "Clearing an exception's balance"). Pure.
 *
 * An exception posted by `gateway_difference` left either money received that belongs to nobody known yet (`over`,
 * Cr 224106 gateway receipts to be identified) or money the gateway owes us (`short`, Dr 122106 due from the payment
 * gateway); a line posts one of the two, never both. A clearance takes that whole balance out, by
 * `gateway_difference_cleared` { over, bankIn, expense, short, bankOut, income }:
 *   Dr 224106 (over) + Dr 100201 (bankIn) + Dr 671101 (expense) = Cr 122106 (short) + Cr 100201 (bankOut) + Cr 630102 (income)
 *
 * | balance | action | lines |
 * |---|---|---|
 * | over X  | `refund_payer` (the payer identified and paid back)        | Dr 224106 X / Cr 100201 X |
 * | over X  | `write_off` (no payer found: other income)                 | Dr 224106 X / Cr 630102 X |
 * | short X | `recover_from_gateway` (the gateway paid the difference)   | Dr 100201 X / Cr 122106 X |
 * | short X | `write_off` (not recoverable: a loss)                      | Dr 671101 X / Cr 122106 X |
 *
 * Any other pairing is refused (the action names what it needs). Integer fen; nothing rounds.
 */
export type ClearanceAction = 'refund_payer' | 'recover_from_gateway' | 'write_off';
export interface ClearanceAmounts {
  over: number;
  bankIn: number;
  expense: number;
  short: number;
  bankOut: number;
  income: number;
}
export type ClearancePlan =
  | { ok: true; side: 'over' | 'short'; amountFen: number; amounts: ClearanceAmounts }
  | { ok: false; rule: 'nothing_to_clear' | 'wrong_action'; zh: string; en: string };

const ZERO: ClearanceAmounts = { over: 0, bankIn: 0, expense: 0, short: 0, bankOut: 0, income: 0 };

/** The clearance of a line whose exception posted `posting` (its `over` and `short`), by `action`. */
export function planClearance(posting: { over?: number; short?: number } | null, action: ClearanceAction): ClearancePlan {
  const over = posting?.over ?? 0;
  const short = posting?.short ?? 0;
  if (over <= 0 && short <= 0)
    return {
      ok: false,
      rule: 'nothing_to_clear',
      zh: '该异常没有待清理的余额（224106 / 122106）',
      en: 'the exception left no balance in 224106 or 122106 to clear',
    };
  if (over > 0) {
    if (action === 'refund_payer') return { ok: true, side: 'over', amountFen: over, amounts: { ...ZERO, over, bankOut: over } };
    if (action === 'write_off') return { ok: true, side: 'over', amountFen: over, amounts: { ...ZERO, over, income: over } };
    return {
      ok: false,
      rule: 'wrong_action',
      zh: '待查款项只能退还付款人或转入营业外收入',
      en: 'receipts to be identified are refunded to the payer or written off to income',
    };
  }
  if (action === 'recover_from_gateway') return { ok: true, side: 'short', amountFen: short, amounts: { ...ZERO, bankIn: short, short } };
  if (action === 'write_off') return { ok: true, side: 'short', amountFen: short, amounts: { ...ZERO, expense: short, short } };
  return {
    ok: false,
    rule: 'wrong_action',
    zh: '网关欠款只能向网关追回或核销为损失',
    en: 'money due from the gateway is recovered from it or written off as a loss',
  };
}

/** Σ debits − Σ credits (0 for every plan above). */
export const clearanceImbalance = (a: ClearanceAmounts) => a.over + a.bankIn + a.expense - (a.short + a.bankOut + a.income);
