/**
 * Bad-debt write-offs (坏账核销), docs/collection.md: one user with collection.write proposes writing
 * off an account's bills that are at least `writeOffMinOverdueDays` overdue (policy data); another
 * user with collection.approve decides (four eyes). Approval, in one transaction under the account's
 * payment and collection locks:
 *
 * - checks the bills still owe what was proposed (a payment meanwhile: 409 DEBT_CHANGED);
 * - posts `write_off` { principal, lateFee } to the ledger (event id `writeoff:<id>`; Dr allowance
 *   123101 / 123102, Cr receivable 112201xx / 122101 by the seeded posting rules) in the ledger unit that
 *   keeps the account's books (none: nothing is posted, and the write-off says so);
 * - marks the bills written off: collection no longer accrues a fee on them nor ages them, and payments
 *   no longer counts them as owed (`writtenOffBillsOf`);
 * - audits the decision.
 *
 * What is written off per bill: the principal owed and the late fees charged at payments and not paid
 * (recognised in 122101). A fee accrued but never charged was never recognised, so nothing of it is
 * posted; it simply stops accruing.
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { idArray } from '../../db/params.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { ledgerUnitFor, postMoneyEvent, todayBeijing } from '../ledger/index.js';
import { COLLECTION_DEFAULT, LATE_FEE_1996 } from './policy-data.js';
import type { CollectionPolicy, WriteOffCreate, WriteOffOut } from './schemas.js';
import { lockAccount } from './steps.js';
import { accountDebts, visibleAccount, writtenOffBills } from './store.js';

/** Payments' bills an approved write-off took off (payments leaves them out of what an account owes). */
export async function writtenOffBillsOf(q: Queryable, accountIds: number[]): Promise<Set<number>> {
  return writtenOffBills(q, accountIds);
}

/**
 * Both locks of the account: payments' (the key its payments take, `payments:account:<id>`) so no
 * payment is allocated to a bill while it is being written off, then collection's.
 */
async function lockForWriteOff(tx: Queryable, accountId: number): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:account:' || $1::text, 0))`, [accountId]);
  await lockAccount(tx, accountId);
}

interface WriteOffBill {
  billId: number;
  cycle: string;
  dueDate: string;
  principalFen: number;
  lateFeeFen: number;
}

/** The account's bills that may be written off today: owing principal and overdue at least the policy's days; with the fee charged and not paid. */
async function writableBills(tx: Queryable, accountId: number, today: string, policy: CollectionPolicy): Promise<{ bills: WriteOffBill[]; owing: boolean }> {
  const debts = await accountDebts(tx, accountId, today, LATE_FEE_1996);
  const old = debts.filter((d) => d.principalOwedFen > 0 && d.overdueDays >= policy.writeOffMinOverdueDays);
  if (!old.length) return { bills: [], owing: debts.length > 0 };
  const ids = old.map((d) => d.billId);
  const { rows } = await tx.query(
    // the fee charged, less what was paid and what approved waivers took off it (waivers.ts)
    `SELECT c.bill_id, c.charged_fen - coalesce(p.paid_fen, 0)
              - coalesce((SELECT sum(w.charged_fen) FROM late_fee_waivers w WHERE w.account_id = c.account_id AND w.bill_id = c.bill_id AND w.status = 'approved'), 0) AS unpaid
       FROM collection_fee_charged c LEFT JOIN collection_fee_paid p ON p.account_id = c.account_id AND p.bill_id = c.bill_id
      WHERE c.account_id = $1 AND c.bill_id = ANY($2::bigint[])`,
    [accountId, ids],
  );
  const unpaid = new Map(rows.map((r) => [Number(r.bill_id), Math.max(0, Number(r.unpaid))]));
  return {
    bills: old.map((d) => ({ billId: d.billId, cycle: d.cycle, dueDate: d.dueDate, principalFen: d.principalOwedFen, lateFeeFen: unpaid.get(d.billId) ?? 0 })),
    owing: true,
  };
}

async function writeOffsWhere(q: Queryable, where: string, params: unknown[]): Promise<WriteOffOut[]> {
  const { rows } = await q.query(
    `SELECT w.*, f.account_no, f.customer_name FROM bad_debt_write_offs w JOIN collection_account_facts f ON f.account_id = w.account_id
      WHERE ${where} ORDER BY w.id LIMIT 200`,
    params,
  );
  if (!rows.length) return [];
  const lines = (
    await q.query(
      `SELECT wb.write_off_id, wb.bill_id, wb.principal_fen, wb.late_fee_fen, b.cycle, b.due_date::text AS due_date
         FROM bad_debt_write_off_bills wb LEFT JOIN collection_bills b ON b.account_id = wb.account_id AND b.bill_id = wb.bill_id
        WHERE wb.write_off_id = ANY($1::bigint[]) ORDER BY wb.write_off_id, b.due_date, wb.bill_id`,
      [rows.map((r) => r.id)],
    )
  ).rows;
  const recs = (
    await q.query(
      `SELECT r.write_off_id, r.payment_id, r.bill_id, r.recovered_on::text AS day, r.principal_fen, r.late_fee_fen
         FROM bad_debt_recoveries r JOIN collection_posted_payments p ON p.payment_id = r.payment_id
        WHERE r.write_off_id = ANY($1::bigint[]) ORDER BY r.id`,
      [rows.map((r) => r.id)],
    )
  ).rows;
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  return rows.map((r) => {
    const recoveries = recs
      .filter((x) => Number(x.write_off_id) === Number(r.id))
      .map((x) => ({
        paymentId: Number(x.payment_id),
        billId: Number(x.bill_id),
        recoveredOn: x.day,
        principalFen: Number(x.principal_fen),
        lateFeeFen: Number(x.late_fee_fen),
      }));
    const recoveredFen = recoveries.reduce((s, x) => s + x.principalFen + x.lateFeeFen, 0);
    return {
      id: Number(r.id),
      accountId: Number(r.account_id),
      accountNo: r.account_no,
      customerName: r.customer_name,
      orgUnitId: Number(r.org_unit_id),
      customerClass: r.customer_class,
      principalFen: Number(r.principal_fen),
      lateFeeFen: Number(r.late_fee_fen),
      reason: r.reason,
      status: r.status,
      requestedBy: Number(r.requested_by),
      requestedAt: iso(r.requested_at)!,
      decidedBy: r.decided_by === null ? null : Number(r.decided_by),
      decidedAt: iso(r.decided_at),
      decisionNote: r.decision_note,
      ledgerSource: r.ledger_source,
      bills: lines
        .filter((l) => Number(l.write_off_id) === Number(r.id))
        .map((l) => ({
          billId: Number(l.bill_id),
          cycle: l.cycle ?? '',
          dueDate: l.due_date ?? '',
          principalFen: Number(l.principal_fen),
          lateFeeFen: Number(l.late_fee_fen),
        })),
      recoveries,
      recoveredFen,
      outstandingFen: r.status === 'approved' ? Number(r.principal_fen) + Number(r.late_fee_fen) - recoveredFen : 0,
    };
  });
}
async function oneWriteOff(q: Queryable, id: number): Promise<WriteOffOut> {
  return (await writeOffsWhere(q, 'w.id = $1', [id]))[0];
}

/** An account's write-offs, oldest first (its collection file). */
export async function writeOffsOfAccount(q: Queryable, accountId: number): Promise<WriteOffOut[]> {
  return writeOffsWhere(q, 'w.account_id = $1', [accountId]);
}

/** Write-offs waiting for a decision in the caller's scope (the board). */
export async function pendingWriteOffs(q: Queryable, p: Principal): Promise<WriteOffOut[]> {
  return writeOffsWhere(q, `w.status = 'pending' AND w.org_path LIKE $1 || '%'`, [p.orgPath]);
}

/** Propose writing off the account's bills overdue at least the policy's days (collection.write). */
export async function requestWriteOff(
  db: Db,
  p: Principal,
  accountId: number,
  body: WriteOffCreate,
  policy: CollectionPolicy = COLLECTION_DEFAULT,
  today = todayBeijing(),
): Promise<WriteOffOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockForWriteOff(tx, accountId);
    const pending = (await tx.query(`SELECT id FROM bad_debt_write_offs WHERE account_id = $1 AND status = 'pending'`, [accountId])).rows[0];
    if (pending)
      throw conflict(
        '该用电户已有待审批的坏账核销',
        'a write-off of this account is waiting for a decision',
        { writeOffId: Number(pending.id) },
        'WRITE_OFF_PENDING',
      );
    const { bills, owing } = await writableBills(tx, accountId, today, policy);
    if (!owing) throw conflict('该用电户没有欠费', 'the account owes nothing', {}, 'NO_ARREARS');
    if (!bills.length)
      throw conflict(
        `没有逾期 ${policy.writeOffMinOverdueDays} 天以上的欠费，不能核销`,
        `no debt is ${policy.writeOffMinOverdueDays} days overdue or more: nothing can be written off`,
        { minOverdueDays: policy.writeOffMinOverdueDays },
        'NOT_OVERDUE_ENOUGH',
      );
    const klass = (await tx.query(`SELECT customer_class FROM collection_bills WHERE account_id = $1 AND bill_id = $2`, [accountId, bills[0].billId])).rows[0]
      ?.customer_class as string | undefined;
    const principal = bills.reduce((s, b) => s + b.principalFen, 0);
    const fee = bills.reduce((s, b) => s + b.lateFeeFen, 0);
    const { rows } = await tx.query(
      `INSERT INTO bad_debt_write_offs (account_id, org_unit_id, org_path, customer_class, principal_fen, late_fee_fen, reason, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [accountId, a.orgUnitId, a.orgPath, klass ?? a.customerClass, principal, fee, body.reason, p.id],
    );
    const id = Number(rows[0].id);
    await tx.query(
      `INSERT INTO bad_debt_write_off_bills (write_off_id, account_id, bill_id, principal_fen, late_fee_fen)
       SELECT $1, $2, * FROM unnest($3::bigint[], $4::bigint[], $5::bigint[])`,
      [id, accountId, bills.map((b) => b.billId), bills.map((b) => b.principalFen), bills.map((b) => b.lateFeeFen)],
    );
    const out = await oneWriteOff(tx, id);
    await recordAudit(tx, actorOf(p), { action: 'bad_debt_write_off.request', entity: 'bad_debt_write_off', entityId: id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

async function approveIn(
  tx: Tx,
  p: Principal,
  cur: Record<string, any>,
  today: string,
  policy: CollectionPolicy,
): Promise<{ ledgerUnitId: number | null; source: string | null }> {
  const accountId = Number(cur.account_id);
  const proposed = (await tx.query(`SELECT bill_id, principal_fen, late_fee_fen FROM bad_debt_write_off_bills WHERE write_off_id = $1`, [cur.id])).rows;
  const { bills } = await writableBills(tx, accountId, today, policy);
  const now = new Map(bills.map((b) => [b.billId, b]));
  const changed = proposed.filter((r) => {
    const b = now.get(Number(r.bill_id));
    return !b || b.principalFen !== Number(r.principal_fen) || b.lateFeeFen !== Number(r.late_fee_fen);
  });
  if (changed.length)
    throw conflict(
      '提出核销后该户的欠费已变化（例如已缴费），请重新提出',
      'the debt changed since the write-off was proposed (a payment, for example): propose it again',
      { billIds: changed.map((r) => Number(r.bill_id)) },
      'DEBT_CHANGED',
    );
  const unit = await ledgerUnitFor(tx, cur.org_path);
  if (!unit) return { ledgerUnitId: null, source: null };
  const source = `writeoff:${cur.id}`;
  await postMoneyEvent(
    tx,
    {
      type: 'write_off',
      id: source,
      orgUnitId: unit.orgUnitId,
      date: today,
      customerClass: cur.customer_class,
      amounts: { principal: Number(cur.principal_fen), lateFee: Number(cur.late_fee_fen) },
      memo: `坏账核销 / bad-debt write-off ${cur.id}, account ${accountId}`,
    },
    p.id,
  );
  return { ledgerUnitId: unit.orgUnitId, source };
}

/** Approve or reject a proposed write-off (collection.approve; not the proposer). */
export async function decideWriteOff(
  db: Db,
  p: Principal,
  id: number,
  approve: boolean,
  note?: string,
  policy: CollectionPolicy = COLLECTION_DEFAULT,
  today = todayBeijing(),
): Promise<WriteOffOut> {
  return withTx(db, async (tx) => {
    const w = (await tx.query(`SELECT account_id FROM bad_debt_write_offs WHERE id = $1 AND org_path LIKE $2 || '%'`, [id, p.orgPath])).rows[0];
    if (!w) throw notFound('Bad-debt write-off', '坏账核销申请');
    await lockForWriteOff(tx, Number(w.account_id));
    const cur = (await tx.query('SELECT * FROM bad_debt_write_offs WHERE id = $1 FOR UPDATE', [id])).rows[0];
    if (cur.status !== 'pending')
      throw conflict(`申请已${cur.status === 'approved' ? '批准' : '驳回'}`, `the write-off is already ${cur.status}`, {}, 'REQUEST_DECIDED');
    if (Number(cur.requested_by) === p.id) throw conflict('不能审批自己提交的申请', 'you cannot decide your own request', {}, 'SAME_PERSON');
    const posted = approve ? await approveIn(tx, p, cur, today, policy) : { ledgerUnitId: null, source: null };
    await tx.query(
      `UPDATE bad_debt_write_offs SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4, ledger_unit_id = $5, ledger_source = $6 WHERE id = $1`,
      [id, approve ? 'approved' : 'rejected', p.id, note ?? null, posted.ledgerUnitId, posted.source],
    );
    const out = await oneWriteOff(tx, id);
    await recordAudit(tx, actorOf(p), {
      action: approve ? 'bad_debt_write_off.approve' : 'bad_debt_write_off.reject',
      entity: 'bad_debt_write_off',
      entityId: id,
      orgUnitId: Number(cur.org_unit_id),
      before: { status: 'pending' },
      after: out,
    });
    return out;
  });
}

/** A written-off bill's debt still outstanding (坏账收回, 账销案存): what a later payment may recover. */
export interface WrittenOffDebt {
  writeOffId: number;
  billId: number;
  dueDate: string;
  customerClass: string;
  /** written off less recovered by payments that still stand */
  principalFen: number;
  lateFeeFen: number;
}

/**
 * The written-off bills of these accounts with what is still outstanding on each (payments: the bills are no
 * longer owed, and what a payment has left after the open debts recovers them, docs/payments.md).
 */
export async function writtenOffDebtsOf(q: Queryable, accountIds: number[]): Promise<Map<number, WrittenOffDebt[]>> {
  const out = new Map<number, WrittenOffDebt[]>();
  if (!accountIds.length) return out;
  const { rows } = await q.query(
    `SELECT wb.account_id, wb.write_off_id, wb.bill_id, coalesce(b.due_date::text, '') AS due_date, o.customer_class,
            wb.principal_fen - coalesce(r.p, 0) AS principal, wb.late_fee_fen - coalesce(r.f, 0) AS fee
       FROM bad_debt_write_off_bills wb JOIN bad_debt_write_offs o ON o.id = wb.write_off_id AND o.status = 'approved'
       LEFT JOIN collection_bills b ON b.account_id = wb.account_id AND b.bill_id = wb.bill_id
       LEFT JOIN LATERAL (SELECT sum(x.principal_fen) AS p, sum(x.late_fee_fen) AS f FROM bad_debt_recoveries x
                           JOIN collection_posted_payments cp ON cp.payment_id = x.payment_id
                          WHERE x.write_off_id = wb.write_off_id AND x.bill_id = wb.bill_id) r ON true
      WHERE wb.account_id = ANY($1::bigint[])
      ORDER BY wb.account_id, due_date, wb.bill_id`,
    [idArray(accountIds)],
  );
  for (const r of rows) {
    const list = out.get(Number(r.account_id)) ?? [];
    out.set(Number(r.account_id), list);
    list.push({
      writeOffId: Number(r.write_off_id),
      billId: Number(r.bill_id),
      dueDate: r.due_date,
      customerClass: r.customer_class,
      principalFen: Math.max(0, Number(r.principal)),
      lateFeeFen: Math.max(0, Number(r.fee)),
    });
  }
  return out;
}

/** What a payment recovered of written-off bills (payments records it in the payment's own transaction). */
export interface RecoveryIn {
  paymentId: number;
  accountId: number;
  orgUnitId: number;
  recoveredOn: string;
  lines: { writeOffId: number; billId: number; principalFen: number; lateFeeFen: number }[];
}

/** Record recoveries (坏账收回) of written-off debts, audited per write-off and payment (`bad_debt_write_off.recover`). */
export async function recordRecoveriesIn(tx: Tx, actor: Actor, items: RecoveryIn[]): Promise<void> {
  const rows = items.flatMap((i) => i.lines.filter((l) => l.principalFen + l.lateFeeFen > 0).map((l) => ({ ...i, ...l })));
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO bad_debt_recoveries (write_off_id, account_id, bill_id, payment_id, principal_fen, late_fee_fen, recovered_on)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::date[])`,
    [
      rows.map((r) => r.writeOffId),
      rows.map((r) => r.accountId),
      rows.map((r) => r.billId),
      rows.map((r) => r.paymentId),
      rows.map((r) => r.principalFen),
      rows.map((r) => r.lateFeeFen),
      rows.map((r) => r.recoveredOn),
    ],
  );
  const groups = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) groups.set(`${r.writeOffId}:${r.paymentId}`, [...(groups.get(`${r.writeOffId}:${r.paymentId}`) ?? []), r]);
  await recordAudit(
    tx,
    actor,
    [...groups.values()].map((g) => ({
      action: 'bad_debt_write_off.recover' as const,
      entity: 'bad_debt_write_off' as const,
      entityId: g[0].writeOffId,
      orgUnitId: g[0].orgUnitId,
      after: {
        paymentId: g[0].paymentId,
        recoveredOn: g[0].recoveredOn,
        principalFen: g.reduce((s, r) => s + r.principalFen, 0),
        lateFeeFen: g.reduce((s, r) => s + r.lateFeeFen, 0),
        bills: g.map((r) => ({ billId: r.billId, principalFen: r.principalFen, lateFeeFen: r.lateFeeFen })),
      },
    })),
  );
}

/** The written-off bills a payment recovered (payments: such a payment may be reversed; one that paid a bill before its write-off may not). */
export async function recoveredBillsOfPayment(q: Queryable, paymentId: number): Promise<Set<number>> {
  const { rows } = await q.query(`SELECT bill_id FROM bad_debt_recoveries WHERE payment_id = $1`, [paymentId]);
  return new Set(rows.map((r) => Number(r.bill_id)));
}
