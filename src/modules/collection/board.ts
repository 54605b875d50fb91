/**
 * Reads for the console (docs/collection.md, "Screens"): the collections board (ageing by org unit
 * from the last daily pass, the riskiest accounts with their reasons, steps due today, accounts
 * awaiting their notice, stop orders awaiting approval or execution, restore clocks, pending
 * waivers) and one account's collection file and timeline.
 */
import type { Db, Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { inOrgScope, orgUnitField } from '../orgs/index.js';
import { todayBeijing } from '../ledger/index.js';
import { ageingLabels, riskScore } from './collection-rules.js';
import { COLLECTION_DEFAULT, LATE_FEE_1996 } from './policy-data.js';
import type { AccountCollection, Board, CollectionPolicy, StepOut } from './schemas.js';
import { REMINDERS_DUE_SQL } from './daily-pass.js';
import { pendingWriteOffs, writeOffsOfAccount } from './write-offs.js';
import { chargedFeesOf } from './waivers.js';
import { accountDebts, agreementsOf, latePayments12m, STEP_COLUMNS, toStep, toWaiver, visibleAccount } from './store.js';

async function riskOf(
  q: Queryable,
  accountId: number,
  facts: { maxOverdueDays: number; arrearsFen: number; customerClass: string },
  today: string,
  policy: CollectionPolicy,
) {
  const broken = Number((await q.query(`SELECT count(*) AS n FROM installment_agreements WHERE account_id = $1 AND status = 'broken'`, [accountId])).rows[0].n);
  return riskScore(
    // prepaid accounts are the prepaid module's: not joined here yet (docs/collection.md, "Not done")
    { ...facts, latePayments12m: await latePayments12m(q, accountId, today), prepaid: false, brokenInstallments: broken },
    policy,
  );
}

export async function accountCollection(db: Db, p: Principal, accountId: number, policy: CollectionPolicy = COLLECTION_DEFAULT): Promise<AccountCollection> {
  const a = await visibleAccount(db, p, accountId);
  const today = todayBeijing();
  const bills = await accountDebts(db, accountId, today, LATE_FEE_1996);
  const principalOwedFen = bills.reduce((s, b) => s + b.principalOwedFen, 0);
  const feeDueFen = bills.reduce((s, b) => s + b.feeDueFen, 0);
  const maxOverdueDays = bills.reduce((m, b) => Math.max(m, b.overdueDays), 0);
  const steps = (await db.query(`SELECT ${STEP_COLUMNS} FROM collection_steps s WHERE s.account_id = $1 ORDER BY s.created_at, s.id`, [accountId])).rows.map(
    (r) => toStep(r),
  );
  const lastStop = [...steps].reverse().find((s) => s.kind === 'stop_order' && s.status !== 'cancelled');
  const restoredAfter = lastStop && steps.some((s) => s.kind === 'restore' && s.stopId === lastStop.id && s.status === 'done');
  const supply = !lastStop || restoredAfter ? 'on' : lastStop.status === 'executed' ? 'stopped' : 'stop_ordered';
  const waivers = (await db.query(`SELECT * FROM late_fee_waivers WHERE account_id = $1 ORDER BY id`, [accountId])).rows.map(toWaiver);
  return {
    accountId,
    accountNo: a.accountNo,
    customerName: a.customerName,
    orgUnitId: a.orgUnitId,
    customerClass: a.customerClass,
    important: a.important,
    asOf: today,
    principalOwedFen,
    feeDueFen,
    maxOverdueDays,
    supply,
    bills,
    risk: await riskOf(db, accountId, { maxOverdueDays, arrearsFen: principalOwedFen + feeDueFen, customerClass: a.customerClass }, today, policy),
    steps,
    waivers,
    chargedFees: await chargedFeesOf(db, accountId),
    installments: await agreementsOf(db, accountId, today),
    writeOffs: await writeOffsOfAccount(db, accountId),
  };
}

const WITH_ACCOUNT = `, f.account_no, f.customer_name FROM collection_steps s JOIN collection_account_facts f ON f.account_id = s.account_id`;

export async function collectionBoard(db: Db, p: Principal, policy: CollectionPolicy = COLLECTION_DEFAULT): Promise<Board> {
  const today = todayBeijing();
  const asOf = (await db.query(`SELECT max(as_of)::text AS d FROM arrears_ageing_units`)).rows[0].d as string | null;
  const unitRows = asOf
    ? (
        await db.query(
          `SELECT u.org_unit_id, ${orgUnitField('u.org_unit_id', 'name')} AS name, u.bucket, u.accounts, u.principal_fen, u.fee_fen
             FROM arrears_ageing_units u WHERE u.as_of = $1 AND ${inOrgScope('u.org_unit_id', '$2')} ORDER BY u.org_unit_id, u.bucket`,
          [asOf, p.orgPath],
        )
      ).rows
    : [];
  const units = new Map<number, Board['units'][number]>();
  for (const r of unitRows) {
    const id = Number(r.org_unit_id);
    if (!units.has(id)) units.set(id, { orgUnitId: id, name: r.name, buckets: [] });
    units.get(id)!.buckets.push({ bucket: r.bucket, accounts: r.accounts, principalFen: Number(r.principal_fen), feeFen: Number(r.fee_fen) });
  }
  // risk: the accounts with the most arrears and oldest debts of the last pass, scored by the rule
  const top = (
    await db.query(
      `SELECT a.account_id, a.principal_fen + a.fee_fen AS arrears, a.max_days, f.account_no, f.customer_name, coalesce(f.customer_class, 'residential') AS customer_class
         FROM arrears_accounts a JOIN collection_account_facts f ON f.account_id = a.account_id
        WHERE a.org_path LIKE $1 || '%' ORDER BY a.max_days DESC, arrears DESC LIMIT 30`,
      [p.orgPath],
    )
  ).rows;
  const risky: Board['risky'] = [];
  for (const r of top)
    risky.push({
      accountId: Number(r.account_id),
      accountNo: r.account_no,
      customerName: r.customer_name,
      arrearsFen: Number(r.arrears),
      maxOverdueDays: r.max_days,
      risk: await riskOf(
        db,
        Number(r.account_id),
        { maxOverdueDays: r.max_days, arrearsFen: Number(r.arrears), customerClass: r.customer_class },
        today,
        policy,
      ),
    });
  risky.sort((x, y) => y.risk.score - x.risk.score || y.arrearsFen - x.arrearsFen);
  const steps = async (where: string, params: unknown[] = [], limit = 100): Promise<StepOut[]> =>
    (
      await db.query(`SELECT ${STEP_COLUMNS}${WITH_ACCOUNT} WHERE s.org_path LIKE $1 || '%' AND ${where} ORDER BY s.id LIMIT ${limit}`, [p.orgPath, ...params])
    ).rows.map((r) => toStep(r));
  const awaitingNotice = (
    await db.query(
      `SELECT a.account_id, f.account_no, f.customer_name, a.principal_fen + a.fee_fen AS arrears, a.max_days
         FROM arrears_accounts a JOIN collection_account_facts f ON f.account_id = a.account_id
        WHERE a.org_path LIKE $1 || '%' AND a.max_days > $2
          AND NOT EXISTS (SELECT 1 FROM collection_steps s WHERE s.account_id = a.account_id AND s.kind = 'notice' AND s.served_on > a.oldest_due)
          AND NOT EXISTS (SELECT 1 FROM installment_agreements g WHERE g.account_id = a.account_id AND g.status = 'active')
        ORDER BY a.max_days DESC LIMIT 50`,
      [p.orgPath, policy.stopMinOverdueDays],
    )
  ).rows.map((r) => ({
    accountId: Number(r.account_id),
    accountNo: r.account_no,
    customerName: r.customer_name,
    arrearsFen: Number(r.arrears),
    maxOverdueDays: r.max_days,
  }));
  return {
    asOf,
    bucketLabels: ageingLabels(policy.ageingBounds),
    units: [...units.values()],
    risky: risky.slice(0, 15),
    dueToday: (
      await db.query(
        `SELECT r.account_id, f.account_no, f.customer_name, r.arrears, r.max_days FROM (${REMINDERS_DUE_SQL}) r
           JOIN collection_account_facts f ON f.account_id = r.account_id WHERE r.org_path LIKE $2 || '%' ORDER BY r.max_days DESC, r.account_id LIMIT 100`,
        [policy.reminderAfterDays, p.orgPath],
      )
    ).rows.map((r) => ({
      accountId: Number(r.account_id),
      accountNo: r.account_no,
      customerName: r.customer_name,
      arrearsFen: Number(r.arrears),
      maxOverdueDays: r.max_days,
    })),
    awaitingNotice,
    stopOrders: await steps(`s.kind = 'stop_order' AND s.status IN ('awaiting_approval', 'approved')`),
    restores: await steps(`s.kind = 'restore' AND s.status = 'open'`),
    pendingWaivers: (
      await db.query(`SELECT * FROM late_fee_waivers WHERE org_path LIKE $1 || '%' AND status = 'pending' ORDER BY id LIMIT 100`, [p.orgPath])
    ).rows.map(toWaiver),
    pendingWriteOffs: await pendingWriteOffs(db, p),
  };
}
