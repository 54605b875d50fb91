/**
 * Bills as money events, and the reads payments makes of bills (docs/payments.md).
 *
 * - A released bill is posted to the group ledger as `bill_released` { energy, funds } through the
 *   ledger's posting contract, inside the releasing transaction, in batches (`postMoneyEvents`).
 *   Its event id is `bill:<id>`, so posting again posts nothing twice. `funds` is the sum of the
 *   bill's `fund_*` lines (government funds and surcharges), `energy` the rest of its total (energy,
 *   basic charge, power factor adjustment). A bill whose org unit has no ledger unit above it is not
 *   posted (a territory without books); a bill of zero or negative total posts nothing.
 * - Split settlement (分次结算, docs/billing.md §19): an interim bill posts like any bill (all energy: it
 *   is an instalment of the month). The month-end bill posts **the whole month** — its total less its
 *   true-up line, funds split out as usual — and the month's interim postings are reversed on the same day,
 *   so the books carry exactly the month's amount whatever the interims were, also when the final bill
 *   is a credit (negative true-up) that could not post on its own.
 * - Payments reads the open (released, not cancelled, not reversal) bills of an account here.
 */
import type { Queryable } from '../../db/pool.js';
import { idArray } from '../../db/params.js';
import { allLedgerUnits, postedEventIds, postMoneyEvents, reverseMoneyEvent, todayBeijing, type MoneyEvent } from '../ledger/index.js';

/** A released bill as collection sees it. */
export interface BillForCollection {
  billId: number;
  accountId: number;
  cycle: string;
  kind: string;
  status: string;
  customerClass: string;
  totalFen: number;
  fundsFen: number;
  /** The day it was released, Beijing time (YYYY-MM-DD): the start of its payment term. */
  releasedOn: string;
  /** the due date printed on the bill (set at release; null on bills released before it was kept) */
  dueDate: string | null;
  orgUnitId: number;
  orgPath: string;
  /** the true-up line of a split-settlement month-end bill (≤ 0; 0 for other bills) */
  trueUpFen?: number;
}

const COLUMNS = `b.id, b.account_id, b.cycle, b.kind, b.status, b.total_fen, b.org_unit_id, b.org_path,
  coalesce(b.inputs->'account'->>'customerClass', 'residential') AS customer_class,
  to_char(b.released_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS released_on, b.due_date::text AS due_date,
  (SELECT coalesce(sum(l.amount_fen), 0) FROM bill_lines l WHERE l.account_id = b.account_id AND l.bill_id = b.id AND l.code LIKE 'fund\\_%') AS funds_fen,
  (SELECT coalesce(sum(l.amount_fen), 0) FROM bill_lines l WHERE l.account_id = b.account_id AND l.bill_id = b.id AND l.code = 'split_trueup') AS trueup_fen`;

const toBill = (r: Record<string, any>): BillForCollection => ({
  billId: Number(r.id),
  accountId: Number(r.account_id),
  cycle: r.cycle,
  kind: r.kind,
  status: r.status,
  customerClass: r.customer_class,
  totalFen: Number(r.total_fen),
  fundsFen: Number(r.funds_fen),
  releasedOn: r.released_on,
  dueDate: r.due_date,
  orgUnitId: Number(r.org_unit_id),
  orgPath: r.org_path,
  trueUpFen: Number(r.trueup_fen ?? 0),
});

/** An open bill as payments reads it: what it owes and from when (its lines are not read). */
export type OpenBill = Omit<BillForCollection, 'fundsFen' | 'trueUpFen'>;

/** COLUMNS without the two sums over the bill's lines (payments reads a chunk's bills at every bank-file chunk). */
const OPEN_COLUMNS = `b.id, b.account_id, b.cycle, b.kind, b.status, b.total_fen, b.org_unit_id, b.org_path,
  coalesce(b.inputs->'account'->>'customerClass', 'residential') AS customer_class,
  to_char(b.released_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS released_on, b.due_date::text AS due_date`;

/** The released bills of accounts that can be owed (normal and rebills, not cancelled), oldest cycle first. */
export async function openBillsOfAccounts(q: Queryable, accountIds: number[]): Promise<OpenBill[]> {
  if (!accountIds.length) return [];
  const { rows } = await q.query(
    // per account an index scan of its bills (OFFSET 0 keeps the planner from a hash join over all bills)
    `SELECT x.* FROM unnest($1::bigint[]) AS k(id)
       CROSS JOIN LATERAL (SELECT ${OPEN_COLUMNS} FROM bills b WHERE b.account_id = k.id AND b.status = 'released' AND b.kind <> 'reversal' OFFSET 0) x
      ORDER BY x.account_id, x.cycle, x.id`,
    [idArray(accountIds)],
  );
  return rows.map((r): OpenBill => {
    const { fundsFen: _f, trueUpFen: _t, ...b } = toBill(r);
    return b;
  });
}

/** The money event of a released bill (null when its total posts nothing). */
export function billEvent(b: BillForCollection, ledgerUnitId: number, date: string): MoneyEvent | null {
  // a month-end bill of split settlement posts the whole month (its interim postings are reversed)
  const posted = b.totalFen - (b.trueUpFen ?? 0);
  if (posted <= 0) return null;
  const funds = Math.max(0, Math.min(b.fundsFen, posted));
  return {
    type: 'bill_released',
    id: `bill:${b.billId}`,
    orgUnitId: ledgerUnitId,
    date,
    customerClass: b.customerClass,
    amounts: { energy: posted - funds, funds },
    memo: `${b.cycle} 电费 / bill ${b.billId}`,
  };
}

/** Post the released bills of a run (or the bills named) to the ledger, in batches; returns how many were posted and how many had no ledger unit. */
export async function postReleasedBills(
  tx: Queryable,
  by: { runId?: number; billIds?: number[] },
  batch = 1000,
): Promise<{ posted: number; withoutBooks: number }> {
  let billIds = by.billIds ?? [];
  if (by.runId === undefined && billIds.length) {
    // bills posted before need no second read (a payment asks for its account's bills every time)
    const done = await postedEventIds(
      tx,
      'bill_released',
      billIds.map((id) => `bill:${id}`),
    );
    billIds = billIds.filter((id) => !done.has(`bill:${id}`));
    if (!billIds.length) return { posted: 0, withoutBooks: 0 };
  }
  const { rows } = await tx.query(
    `SELECT ${COLUMNS} FROM bills b WHERE b.status = 'released' AND b.kind <> 'reversal'
       AND (($1::bigint IS NOT NULL AND b.run_id = $1) OR b.id = ANY($2::bigint[])) ORDER BY b.id`,
    [by.runId ?? null, billIds],
  );
  if (!rows.length) return { posted: 0, withoutBooks: 0 };
  const units = await allLedgerUnits(tx); // longest path first
  const date = todayBeijing();
  const events: MoneyEvent[] = [];
  let withoutBooks = 0;
  for (const r of rows) {
    const b = toBill(r);
    const unit = units.find((u) => b.orgPath.startsWith(u.orgPath));
    if (!unit) {
      withoutBooks++;
      continue;
    }
    const e = billEvent(b, unit.orgUnitId, b.releasedOn ?? date);
    if (e) events.push(e);
  }
  for (let i = 0; i < events.length; i += batch) await postMoneyEvents(tx, events.slice(i, i + batch));
  const finals = rows.map(toBill).filter((b) => (b.trueUpFen ?? 0) !== 0);
  if (finals.length) await reverseInterimPostings(tx, finals);
  return { posted: events.length, withoutBooks };
}

/** A cancelled bill's posting is reversed on the cancel day (if it was posted at all). */
export async function reverseBillPosting(tx: Queryable, billId: number): Promise<boolean> {
  try {
    await reverseMoneyEvent(tx, { type: 'bill_released', id: `bill:${billId}` }, todayBeijing());
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'NOT_FOUND') return false; // released where no books are kept
    throw e;
  }
}

/**
 * The interim bills' postings of split-settlement months whose month-end bill was just posted, reversed
 * today (the month-end bill carries the whole month). One reversed before (a rebill of the month-end
 * bill) or never posted (no books) is left as it is.
 */
async function reverseInterimPostings(tx: Queryable, finals: BillForCollection[]): Promise<void> {
  const { rows } = await tx.query(
    `SELECT b.id FROM bills b JOIN unnest($1::bigint[], $2::text[]) AS f(account_id, cycle) ON b.account_id = f.account_id AND b.cycle = f.cycle
      WHERE b.kind = 'interim' AND b.status = 'released' ORDER BY b.id`,
    [finals.map((b) => b.accountId), finals.map((b) => b.cycle)],
  );
  const ids = rows.map((r) => `bill:${r.id}`);
  const posted = await postedEventIds(tx, 'bill_released', ids);
  const date = todayBeijing();
  for (const id of ids) {
    if (!posted.has(id)) continue;
    try {
      await reverseMoneyEvent(tx, { type: 'bill_released', id }, date);
    } catch (e) {
      if ((e as { code?: string }).code === 'ALREADY_REVERSED') continue;
      throw e;
    }
  }
}
