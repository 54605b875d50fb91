/**
 * The collection steps (docs/collection.md, "Workflow"): reminder → written notice → call → stop
 * order (second approval for important customers) → executed by field staff → restore clock once
 * the arrears are paid → restored. Every change is audited in its own transaction. A stop order
 * without its served notice, before the notice period, without the call or while an installment
 * agreement is in force is refused (409 naming the reason, stopRefusal in collection-rules.ts).
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { addDays } from '../../platform/calendar/dates.js';
import { actorOf, type Principal } from '../identity/index.js';
import { todayBeijing } from '../ledger/index.js';
import { stopFromDate, stopRefusal } from './collection-rules.js';
import { COLLECTION_DEFAULT, LATE_FEE_1996 } from './policy-data.js';
import type { CallBodyT, CollectionPolicy, NoticeBodyT, ReminderBodyT, StepOut } from './schemas.js';
import { accountDebts, restoreClock, restoreHoursOf, STEP_COLUMNS, toStep, visibleAccount, type AccountFacts } from './store.js';

export async function lockAccount(tx: Queryable, accountId: number) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('collection:account:' || $1::text, 0))`, [accountId]);
}

export async function debtSummary(tx: Queryable, accountId: number, today: string) {
  const debts = await accountDebts(tx, accountId, today, LATE_FEE_1996);
  const arrearsFen = debts.reduce((s, d) => s + d.principalOwedFen + d.feeDueFen, 0);
  const maxOverdueDays = debts.reduce((m, d) => Math.max(m, d.overdueDays), 0);
  const oldestDue = debts.reduce<string | null>((m, d) => (m === null || d.dueDate < m ? d.dueDate : m), null);
  return { debts, arrearsFen, maxOverdueDays, oldestDue };
}

async function stepById(tx: Queryable, p: Principal, id: number, kind: StepOut['kind']): Promise<Record<string, any>> {
  const r = (
    await tx.query(`SELECT ${STEP_COLUMNS} FROM collection_steps s WHERE s.id = $1 AND s.kind = $2 AND s.org_path LIKE $3 || '%'`, [id, kind, p.orgPath])
  ).rows[0];
  if (!r) throw notFound('Collection step', '催费步骤');
  return r;
}

async function insertStep(tx: Tx, a: AccountFacts, fields: Record<string, unknown>): Promise<Record<string, any>> {
  const cols = ['account_id', 'org_unit_id', 'org_path', ...Object.keys(fields)];
  const vals = [a.accountId, a.orgUnitId, a.orgPath, ...Object.values(fields)];
  const { rows } = await tx.query(
    `INSERT INTO collection_steps (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${STEP_COLUMNS.replaceAll('s.', '')}`,
    vals,
  );
  return rows[0];
}

/** The latest notice served since the account's oldest open debt fell due (a notice for earlier, settled arrears does not count). */
async function standingNotice(tx: Queryable, accountId: number, oldestDue: string | null) {
  if (!oldestDue) return null;
  const r = (
    await tx.query(
      `SELECT id, served_on::text AS served_on, stop_from::text AS stop_from FROM collection_steps
        WHERE account_id = $1 AND kind = 'notice' AND status = 'done' AND served_on > $2::date ORDER BY served_on DESC, id DESC LIMIT 1`,
      [accountId, oldestDue],
    )
  ).rows[0];
  return r ? { id: Number(r.id), servedOn: r.served_on as string, stopFrom: r.stop_from as string } : null;
}

/** A reminder sent (SMS, call or letter): recorded on the account; it leaves the list of reminders due. */
export async function recordReminder(db: Db, p: Principal, accountId: number, body: ReminderBodyT): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    const d = await debtSummary(tx, accountId, todayBeijing());
    if (d.arrearsFen <= 0) throw conflict('该户无欠费，无需催费', 'the account owes nothing: no reminder', {}, 'NO_ARREARS');
    const r = await insertStep(tx, a, {
      kind: 'reminder',
      status: 'done',
      method: body.method,
      note: body.note ?? null,
      arrears_fen: d.arrearsFen,
      created_by: p.id,
      done_by: p.id,
      done_at: new Date(),
    });
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), { action: 'collection.reminder_done', entity: 'collection_step', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

export async function serveNotice(db: Db, p: Principal, accountId: number, body: NoticeBodyT, policy: CollectionPolicy = COLLECTION_DEFAULT): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockAccount(tx, accountId);
    const today = todayBeijing();
    const servedOn = body.servedOn ?? today;
    if (servedOn > today) throw badField('servedOn', 'future', '送达日期不能晚于今天', 'the notice cannot be served in the future');
    const d = await debtSummary(tx, accountId, today);
    if (d.arrearsFen <= 0) throw conflict('该户无欠费，无需停电通知', 'the account owes nothing: no notice', {}, 'NO_ARREARS');
    if (servedOn <= d.oldestDue!) throw badField('servedOn', 'before_debt', '送达日期须在欠费逾期之后', 'the notice must be served after the debt fell due');
    const r = await insertStep(tx, a, {
      kind: 'notice',
      status: 'done',
      served_on: servedOn,
      stop_from: stopFromDate(servedOn, policy),
      method: body.method,
      note: body.note ?? null,
      arrears_fen: d.arrearsFen,
      created_by: p.id,
      done_by: p.id,
      done_at: new Date(),
    });
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), { action: 'collection.notice_served', entity: 'collection_step', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

export async function recordCall(db: Db, p: Principal, accountId: number, body: CallBodyT): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    const d = await debtSummary(tx, accountId, todayBeijing());
    const r = await insertStep(tx, a, {
      kind: 'call',
      status: 'done',
      method: body.outcome,
      note: body.note ?? null,
      arrears_fen: d.arrearsFen,
      created_by: p.id,
      done_by: p.id,
      done_at: new Date(),
    });
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), { action: 'collection.call', entity: 'collection_step', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

export async function createStopOrder(db: Db, p: Principal, accountId: number, note?: string, policy: CollectionPolicy = COLLECTION_DEFAULT): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockAccount(tx, accountId);
    const today = todayBeijing();
    const d = await debtSummary(tx, accountId, today);
    const notice = await standingNotice(tx, accountId, d.oldestDue);
    const callAfterNotice =
      !!notice &&
      (await tx.query(`SELECT 1 FROM collection_steps WHERE account_id = $1 AND kind = 'call' AND id > $2 LIMIT 1`, [accountId, notice.id])).rows.length > 0;
    const activeInstallment = (await tx.query(`SELECT 1 FROM installment_agreements WHERE account_id = $1 AND status = 'active'`, [accountId])).rows.length > 0;
    const openStopOrder =
      (
        await tx.query(`SELECT 1 FROM collection_steps WHERE account_id = $1 AND kind = 'stop_order' AND status IN ('awaiting_approval', 'approved')`, [
          accountId,
        ])
      ).rows.length > 0;
    const refusal = stopRefusal(
      { today, maxOverdueDays: d.maxOverdueDays, arrearsFen: d.arrearsFen, notice, callAfterNotice, activeInstallment, openStopOrder },
      policy,
    );
    if (refusal) throw refusal;
    const r = await insertStep(tx, a, {
      kind: 'stop_order',
      status: a.important ? 'awaiting_approval' : 'approved',
      notice_id: notice!.id,
      important: a.important,
      arrears_fen: d.arrearsFen,
      note: note ?? null,
      created_by: p.id,
    });
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), { action: 'collection.stop_order', entity: 'collection_step', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}

/** Second approval of an important customer's stop order: by another user than the one who made it. */
export async function approveStopOrder(db: Db, p: Principal, id: number, note?: string): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const cur = await stepById(tx, p, id, 'stop_order');
    if (cur.status !== 'awaiting_approval')
      throw conflict('该停电单不在待审批状态', `the stop order is ${cur.status}, not awaiting approval`, {}, 'NOT_AWAITING_APPROVAL');
    if (Number(cur.created_by) === p.id) throw conflict('不能审批自己开具的停电单', 'you cannot approve your own stop order', {}, 'SAME_PERSON');
    const r = (
      await tx.query(
        `UPDATE collection_steps SET status = 'approved', approved_by = $2, approved_at = now(), note = coalesce($3, note) WHERE id = $1 RETURNING ${STEP_COLUMNS.replaceAll('s.', '')}`,
        [id, p.id, note ?? null],
      )
    ).rows[0];
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), {
      action: 'collection.stop_approve',
      entity: 'collection_step',
      entityId: id,
      orgUnitId: out.orgUnitId,
      before: { status: cur.status },
      after: out,
    });
    return out;
  });
}

/** Field staff executed the stop (recorded, not sent to any head-end). Refused if the account has paid meanwhile. */
export async function executeStopOrder(db: Db, p: Principal, id: number, note?: string): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const cur = await stepById(tx, p, id, 'stop_order');
    await lockAccount(tx, Number(cur.account_id));
    if (cur.status !== 'approved')
      throw conflict(
        cur.status === 'awaiting_approval' ? '重要客户停电单须经第二人审批' : '该停电单不能执行',
        cur.status === 'awaiting_approval' ? "an important customer's stop order needs a second approval first" : `the stop order is ${cur.status}`,
        {},
        cur.status === 'awaiting_approval' ? 'APPROVAL_MISSING' : 'NOT_APPROVED',
      );
    const d = await debtSummary(tx, Number(cur.account_id), todayBeijing());
    if (d.arrearsFen <= 0) throw conflict('该户已结清欠费，不能停电', 'the account has paid: the stop cannot be executed', {}, 'NO_ARREARS');
    const r = (
      await tx.query(
        `UPDATE collection_steps SET status = 'executed', done_by = $2, done_at = now(), note = coalesce($3, note) WHERE id = $1 RETURNING ${STEP_COLUMNS.replaceAll('s.', '')}`,
        [id, p.id, note ?? null],
      )
    ).rows[0];
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), {
      action: 'collection.stop_execute',
      entity: 'collection_step',
      entityId: id,
      orgUnitId: out.orgUnitId,
      before: { status: cur.status },
      after: out,
    });
    return out;
  });
}

export async function cancelStopOrder(db: Db, p: Principal, id: number, note?: string): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const cur = await stepById(tx, p, id, 'stop_order');
    if (!['awaiting_approval', 'approved'].includes(cur.status)) throw conflict('该停电单不能撤销', `the stop order is ${cur.status}`, {}, 'NOT_OPEN');
    const r = (
      await tx.query(
        `UPDATE collection_steps SET status = 'cancelled', done_by = $2, done_at = now(), note = coalesce($3, note) WHERE id = $1 RETURNING ${STEP_COLUMNS.replaceAll('s.', '')}`,
        [id, p.id, note ?? null],
      )
    ).rows[0];
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), {
      action: 'collection.stop_cancel',
      entity: 'collection_step',
      entityId: id,
      orgUnitId: out.orgUnitId,
      before: { status: cur.status },
      after: out,
    });
    return out;
  });
}

/**
 * Restore clocks: each executed stop whose account owes no principal any more gets a restore step,
 * its clock started at the payment that cleared the arrears (the SLA engine gives the due time from
 * the policy's hours by customer class). Called by the daily pass and by the background every minute.
 */
export async function openRestoreClocks(tx: Tx, policy: CollectionPolicy = COLLECTION_DEFAULT, now = new Date()): Promise<number> {
  const { rows } = await tx.query(
    `SELECT s.id, s.account_id, s.org_unit_id, s.org_path, f.customer_class,
            (SELECT max(p.paid_at) FROM collection_account_payments p WHERE p.account_id = s.account_id) AS paid_at
       FROM collection_steps s JOIN collection_account_facts f ON f.account_id = s.account_id
      WHERE s.kind = 'stop_order' AND s.status = 'executed'
        AND NOT EXISTS (SELECT 1 FROM collection_steps r WHERE r.kind = 'restore' AND r.stop_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM collection_bills b WHERE b.account_id = s.account_id AND b.due_date < $1::date
                         AND b.total_fen > coalesce((SELECT sum(pp.principal_fen) FROM collection_principal_paid pp
                                                      WHERE pp.account_id = b.account_id AND pp.bill_id = b.bill_id), 0))`,
    [addDays(todayBeijing(now.getTime()), 1)],
  );
  for (const r of rows) {
    const started = r.paid_at ? new Date(r.paid_at) : now;
    const clock = restoreClock(started, null, restoreHoursOf(r.customer_class ?? 'residential', policy), now);
    const ins = (
      await tx.query(
        `INSERT INTO collection_steps (account_id, org_unit_id, org_path, kind, status, stop_id, clock_started_at, clock_due_at)
         VALUES ($1, $2, $3, 'restore', 'open', $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
        [r.account_id, r.org_unit_id, r.org_path, r.id, started, clock.dueAt],
      )
    ).rows[0];
    if (ins)
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'collection.restore_open',
        entity: 'collection_step',
        entityId: Number(ins.id),
        orgUnitId: Number(r.org_unit_id),
        after: { stopId: Number(r.id), clockStartedAt: started.toISOString(), clockDueAt: clock.dueAt },
      });
  }
  return rows.length;
}

export async function runRestoreWatch(db: Db): Promise<number> {
  return withTx(db, (tx) => openRestoreClocks(tx));
}

/** Field staff restored supply: the restore clock stops (met or breached). */
export async function recordRestored(db: Db, p: Principal, id: number, note?: string): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const cur = await stepById(tx, p, id, 'restore');
    if (cur.status !== 'open') throw conflict('已复电', 'supply is already restored', {}, 'STEP_DONE');
    const r = (
      await tx.query(
        `UPDATE collection_steps SET status = 'done', done_by = $2, done_at = now(), note = coalesce($3, note) WHERE id = $1 RETURNING ${STEP_COLUMNS.replaceAll('s.', '')}`,
        [id, p.id, note ?? null],
      )
    ).rows[0];
    const out = toStep(r);
    await recordAudit(tx, actorOf(p), {
      action: 'collection.restored',
      entity: 'collection_step',
      entityId: id,
      orgUnitId: out.orgUnitId,
      before: { status: 'open' },
      after: out,
    });
    return out;
  });
}
