/**
 * What a late-fee waiver (违约金减免) covers, docs/collection.md "Late-fee waivers". Pure: the bill's fee
 * figures and the amount in, the split out. A bill's late fee is in one of three states:
 *
 * - **not yet charged**: accrued by the rule to today, never charged at a payment (nor recognised in the books);
 * - **charged, not paid**: charged at a payment (recognised: receivable 122101 / late-fee income 630101) and still owed;
 * - **charged and paid**: the customer paid it.
 *
 * A waiver covers them in that order — first what the customer has not been asked for, then what they owe,
 * and only then money they paid, which goes back to them as credit (预收) on the account (refundable through
 * payments' refund path with its approval). Each part is at most what is left of it after earlier approved
 * waivers; pending waivers hold their amount back from the total. All integer fen: nothing is rounded.
 */
import { badField } from '../../platform/errors.js';

export interface WaiverFigures {
  /** the fee accrued and not charged yet, net of earlier approved waivers of it (0 when the bill is settled) */
  unchargedFen: number;
  /** the fee charged at payments */
  chargedFen: number;
  /** the fee paid */
  paidFen: number;
  /** earlier approved waivers' parts that covered the charged-unpaid and the paid fee */
  waivedChargedFen: number;
  waivedPaidFen: number;
  /** other waivers of the bill waiting for a decision */
  pendingFen: number;
}

export interface WaiverSplit {
  unchargedFen: number;
  chargedFen: number;
  paidFen: number;
}

/** The most a new waiver of the bill can cover now. */
export function waivableFen(f: WaiverFigures): number {
  const parts = available(f);
  return Math.max(0, parts.unchargedFen + parts.chargedFen + parts.paidFen - f.pendingFen);
}

function available(f: WaiverFigures): WaiverSplit {
  return {
    unchargedFen: Math.max(0, f.unchargedFen),
    chargedFen: Math.max(0, f.chargedFen - f.paidFen - f.waivedChargedFen),
    paidFen: Math.max(0, Math.min(f.paidFen, f.chargedFen) - f.waivedPaidFen),
  };
}

/** Split `amountFen` over the fee not charged, the fee charged and owed, then the fee paid (credited back). */
export function splitWaiver(amountFen: number, f: WaiverFigures): WaiverSplit {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    throw badField('amountFen', 'range', '减免金额须为正整数分', 'the amount must be a positive whole number of fen');
  const max = waivableFen(f);
  if (amountFen > max)
    throw badField('amountFen', 'exceeds_fee', `减免金额超过可减免的违约金 ${max} 分`, `the amount exceeds the late fee that can be waived (${max} fen)`);
  const a = available(f);
  let left = amountFen;
  const take = (n: number) => {
    const x = Math.min(left, n);
    left -= x;
    return x;
  };
  return { unchargedFen: take(a.unchargedFen), chargedFen: take(a.chargedFen), paidFen: take(a.paidFen) };
}
