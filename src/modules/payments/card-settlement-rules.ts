/**
 * The card acquirer's settlement file (银行卡收单结算), docs/payments.md "Card acquirer settlement". Pure: the file's
 * parsed lines and our card takings in, each line's outcome and the postings out.
 *
 * A line settles one counter card taking, found by its reference (for a card taking, the counter payment's reference
 * is the POS slip's reference number, which the acquirer's file carries). Checks, in order:
 * - the line fits: settle day a date not after today, amount a positive whole number of fen, fee 0 ≤ fee ≤ amount,
 *   net = amount − fee → else `bad_line`;
 * - a card taking of ours with that reference (in the importer's scope) → else `unknown_payment`;
 * - the taking still stands → else `payment_reversed`;
 * - the same amount → else `amount_mismatch` (both amounts named);
 * - not settled by an earlier file, nor by an earlier line of this one → else `already_settled`;
 * - settled no earlier than the day it was taken → else `bad_line`.
 * The settled lines are posted per ledger unit and settle day: `card_settlement { bank: gross − fee, fee, gross }`.
 * Nothing rounds: the acquirer's fee is taken as the file states it, in whole fen.
 */
import { fenField, type ParsedLine } from './bank-file-rules.js';

export interface CardTaking {
  paymentId: number;
  reference: string;
  amountFen: number;
  status: 'posted' | 'reversed';
  paidOn: string;
  ledgerUnitId: number | null;
  orgPath: string;
}

export type CardLineOutcome = 'settled' | 'bad_line' | 'unknown_payment' | 'payment_reversed' | 'amount_mismatch' | 'already_settled';

export interface CardLineResult {
  lineNo: number;
  raw: string;
  outcome: CardLineOutcome;
  detail: string | null;
  settleDate: string | null;
  terminalId: string | null;
  batchNo: string | null;
  traceNo: string | null;
  reference: string | null;
  amountFen: number | null;
  feeFen: number | null;
  taking: CardTaking | null;
}

export interface CardPosting {
  unit: number;
  settleDate: string;
  bank: number;
  fee: number;
  gross: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Each line's outcome. `settledBefore`: references of card takings settled by earlier files. */
export function matchCardLines(lines: ParsedLine[], takings: Map<string, CardTaking>, settledBefore: Set<number>, today: string): CardLineResult[] {
  const seen = new Set<number>();
  return lines.map((l) => {
    const v = l.values;
    const amount = fenField(v.amountFen ?? '');
    const fee = fenField(v.feeFen ?? '');
    const net = fenField(v.netFen ?? '');
    const base = {
      lineNo: l.lineNo,
      raw: l.raw,
      settleDate: validDate(v.settleDate ?? '') ? v.settleDate : null,
      terminalId: v.terminalId || null,
      batchNo: v.batchNo || null,
      traceNo: v.traceNo || null,
      reference: v.reference || null,
      amountFen: amount,
      feeFen: fee,
      taking: null as CardTaking | null,
    };
    const out = (outcome: CardLineOutcome, detail: string | null, taking: CardTaking | null = null): CardLineResult => ({ ...base, outcome, detail, taking });
    if (!base.settleDate) return out('bad_line', `settleDate "${v.settleDate ?? ''}" is not a date YYYY-MM-DD`);
    if (base.settleDate > today) return out('bad_line', `settleDate ${base.settleDate} is after today ${today}`);
    if (!base.reference) return out('bad_line', 'no reference');
    if (amount === null || amount <= 0) return out('bad_line', `amountFen "${v.amountFen ?? ''}" is not a positive whole number of fen`);
    if (fee === null || fee > amount) return out('bad_line', `feeFen "${v.feeFen ?? ''}" is not a whole number of fen between 0 and the amount`);
    if (net === null || net !== amount - fee) return out('bad_line', `netFen ${v.netFen ?? ''} is not amountFen ${amount} − feeFen ${fee} = ${amount - fee}`);
    const t = takings.get(base.reference);
    if (!t) return out('unknown_payment', `no card taking with reference ${base.reference}`);
    if (t.status !== 'posted') return out('payment_reversed', `the card taking ${base.reference} (payment ${t.paymentId}) was reversed`, t);
    if (t.amountFen !== amount) return out('amount_mismatch', `the card taking ${base.reference} is ${t.amountFen} fen, the file says ${amount}`, t);
    if (settledBefore.has(t.paymentId) || seen.has(t.paymentId))
      return out('already_settled', `the card taking ${base.reference} (payment ${t.paymentId}) is settled already`, t);
    if (base.settleDate < t.paidOn) return out('bad_line', `settleDate ${base.settleDate} is before the taking's day ${t.paidOn}`, t);
    seen.add(t.paymentId);
    return out('settled', null, t);
  });
}

/** The settled lines' postings, per ledger unit and settle day (units without books left out: `unpostedFen`). */
export function cardPostings(results: CardLineResult[]): { postings: CardPosting[]; unpostedFen: number } {
  const by = new Map<string, CardPosting>();
  let unpostedFen = 0;
  for (const r of results) {
    if (r.outcome !== 'settled') continue;
    const gross = r.amountFen!,
      fee = r.feeFen!;
    if (r.taking!.ledgerUnitId === null) {
      unpostedFen += gross - fee;
      continue;
    }
    const key = `${r.taking!.ledgerUnitId}:${r.settleDate}`;
    const p = by.get(key) ?? { unit: r.taking!.ledgerUnitId, settleDate: r.settleDate!, bank: 0, fee: 0, gross: 0 };
    p.gross += gross;
    p.fee += fee;
    p.bank += gross - fee;
    by.set(key, p);
  }
  return { postings: [...by.values()].sort((a, b) => a.unit - b.unit || a.settleDate.localeCompare(b.settleDate)), unpostedFen };
}
