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
import { billAddressees } from '../customers/index.js';
import { findOrgUnit } from '../orgs/index.js';
import { enqueue } from '../../platform/outbox/outbox.js';
import { stopRefusal } from './collection-rules.js';
import { localDay, noticeDocument, noticeNo, noticeSms, noticeSmsSendAfter, noticeStopFrom } from './notice-rules.js';
import { COLLECTION_DEFAULT, LATE_FEE_1996, NOTICE_POLICY } from './policy-data.js';
import type { BillDebt, CallBodyT, CollectionPolicy, NoticeBodyT, NoticeDocument, ReminderBodyT, ServeBodyT, StepOut } from './schemas.js';
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

/**
 * Issue a written stop-supply notice (停电通知书, docs/collection.md "Stop-supply notice"): its document is
 * made from the account's debts today (kept as issued, printed by noticePdf). With `method` it is served at
 * once (the serving recorded: method, instant, receiver; the SMS copy queued); without, it stays `issued`
 * until its serving is recorded (serveIssuedNotice). Only a served notice counts for a stop order.
 */
export async function serveNotice(
  db: Db,
  p: Principal,
  accountId: number,
  body: NoticeBodyT,
  policy: CollectionPolicy = COLLECTION_DEFAULT,
  now = new Date(),
): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockAccount(tx, accountId);
    const today = todayBeijing(now.getTime());
    const served = body.method ? servingOf(body, today, now) : null;
    const d = await debtSummary(tx, accountId, today);
    if (d.arrearsFen <= 0) throw conflict('该户无欠费，无需停电通知', 'the account owes nothing: no notice', {}, 'NO_ARREARS');
    if (served && served.servedOn <= d.oldestDue!)
      throw badField('servedOn', 'before_debt', '送达日期须在欠费逾期之后', 'the notice must be served after the debt fell due');
    const id = Number((await tx.query(`SELECT nextval(pg_get_serial_sequence('collection_steps', 'id')) AS id`)).rows[0].id);
    const doc = await noticeDocumentFor(tx, a, d.debts, today, id, policy);
    const r = await insertStep(tx, a, {
      id,
      kind: 'notice',
      status: 'issued',
      notice_no: doc.noticeNo,
      document: JSON.stringify(doc),
      note: body.note ?? null,
      arrears_fen: d.arrearsFen,
      created_by: p.id,
    });
    await recordAudit(tx, actorOf(p), {
      action: 'collection.notice_issued',
      entity: 'collection_step',
      entityId: id,
      orgUnitId: a.orgUnitId,
      after: { noticeNo: doc.noticeNo, totalFen: doc.totalFen, bills: doc.bills.length },
    });
    if (!served) return toStep(r);
    return markServed(tx, p, r, doc, served, body.note ?? null, policy, now);
  });
}

/** The serving of a notice issued earlier (送达): how, when (default now; not in the future), to whom. */
export async function serveIssuedNotice(
  db: Db,
  p: Principal,
  id: number,
  body: ServeBodyT,
  policy: CollectionPolicy = COLLECTION_DEFAULT,
  now = new Date(),
): Promise<StepOut> {
  return withTx(db, async (tx) => {
    const cur = await stepById(tx, p, id, 'notice');
    await lockAccount(tx, Number(cur.account_id));
    const locked = (await tx.query(`SELECT ${STEP_COLUMNS} FROM collection_steps s WHERE s.id = $1 FOR UPDATE`, [id])).rows[0];
    if (locked.status !== 'issued') throw conflict('该通知书已送达', 'the notice has already been served', {}, 'ALREADY_SERVED');
    const served = servingOf(body, todayBeijing(now.getTime()), now);
    if (served.servedOn < (locked.document as NoticeDocument).issuedOn)
      throw badField('servedAt', 'before_issue', '送达时间不能早于开具时间', 'the notice cannot be served before it was issued');
    const d = await debtSummary(tx, Number(cur.account_id), todayBeijing(now.getTime()));
    if (d.arrearsFen <= 0) throw conflict('该户已结清欠费，无需送达停电通知', 'the account has paid: the notice is not served', {}, 'NO_ARREARS');
    if (served.servedOn <= d.oldestDue!)
      throw badField('servedAt', 'before_debt', '送达日期须在欠费逾期之后', 'the notice must be served after the debt fell due');
    return markServed(tx, p, locked, locked.document as NoticeDocument, served, body.note ?? null, policy, now);
  });
}

interface Serving {
  method: string;
  servedOn: string;
  servedAt: Date | null;
  servedTo: string | null;
}

/** The serving from the request: an instant (not in the future) or a past day without its time; the method; the receiver. */
function servingOf(body: { method?: string; servedOn?: string; servedAt?: Date | string; servedTo?: string }, today: string, now: Date): Serving {
  let servedAt: Date | null = null;
  let servedOn = body.servedOn ?? today;
  if (body.servedAt !== undefined) {
    servedAt = new Date(body.servedAt);
    if (Number.isNaN(servedAt.getTime()) || servedAt.getUTCFullYear() < 2000)
      throw badField('servedAt', 'format', '送达时间无效', 'the serving time is not a valid instant');
    if (servedAt.getTime() > now.getTime() + 60_000) throw badField('servedAt', 'future', '送达时间不能晚于现在', 'the notice cannot be served in the future');
    const day = localDay(servedAt, NOTICE_POLICY.utcOffsetMinutes);
    if (body.servedOn !== undefined && body.servedOn !== day)
      throw badField('servedOn', 'mismatch', '送达日期与送达时间不符', 'the serving day does not match the serving time');
    servedOn = day;
  } else if (servedOn === today) servedAt = now;
  if (servedOn > today) throw badField('servedOn', 'future', '送达日期不能晚于今天', 'the notice cannot be served in the future');
  return { method: body.method!, servedOn, servedAt, servedTo: body.servedTo ?? null };
}

/** Record the serving, queue the SMS copy (the customer's channel and quiet hours respected), audit. */
async function markServed(
  tx: Tx,
  p: Principal,
  row: Record<string, any>,
  doc: NoticeDocument,
  s: Serving,
  note: string | null,
  policy: CollectionPolicy,
  now: Date,
): Promise<StepOut> {
  const stopFrom = noticeStopFrom(s.servedOn, policy.noticeDays);
  const who = (await billAddressees(tx, [Number(row.account_id)])).get(Number(row.account_id));
  let smsId: number | null = null;
  let smsNotBefore: Date | null = null;
  if (who?.phone && (who.prefs?.sms ?? true)) {
    smsNotBefore = noticeSmsSendAfter(now, NOTICE_POLICY, who.prefs ? { start: who.prefs.quietStart, end: who.prefs.quietEnd } : null);
    const ids = await enqueue(tx, [
      {
        event: 'collection.stop_notice',
        channel: 'sms',
        recipient: who.phone,
        body: noticeSms(doc, stopFrom),
        payload: { accountId: Number(row.account_id), noticeId: Number(row.id), noticeNo: doc.noticeNo, stopFrom },
        notBefore: smsNotBefore,
      },
    ]);
    smsId = ids[0] ?? null;
  }
  const r = (
    await tx.query(
      `UPDATE collection_steps SET status = 'done', served_on = $2, served_at = $3, served_to = $4, method = $5, stop_from = $6,
              note = coalesce($7, note), done_by = $8, done_at = now(), sms_outbox_id = $9, sms_not_before = $10
        WHERE id = $1 RETURNING ${STEP_COLUMNS.replaceAll('s.', '')}`,
      [row.id, s.servedOn, s.servedAt, s.servedTo, s.method, stopFrom, note, p.id, smsId, smsNotBefore],
    )
  ).rows[0];
  const out = toStep(r);
  await recordAudit(tx, actorOf(p), {
    action: 'collection.notice_served',
    entity: 'collection_step',
    entityId: out.id,
    orgUnitId: out.orgUnitId,
    before: { status: row.status },
    after: out,
  });
  return out;
}

/** The notice's document from the debts (customer, address and the company's names read here; the content by the pure rule). */
async function noticeDocumentFor(
  tx: Queryable,
  a: AccountFacts,
  debts: BillDebt[],
  today: string,
  id: number,
  policy: CollectionPolicy,
): Promise<NoticeDocument> {
  const who = (await billAddressees(tx, [a.accountId])).get(a.accountId);
  const root = Number(a.orgPath.split('/')[1]);
  const company = (await findOrgUnit(tx, root))?.name ?? '';
  const unit = root === a.orgUnitId ? '' : ((await findOrgUnit(tx, a.orgUnitId))?.name ?? '');
  return noticeDocument(
    {
      noticeNo: noticeNo(today, id),
      issuedOn: today,
      companyName: company,
      unitName: unit,
      customerName: a.customerName,
      accountNo: a.accountNo,
      address: who?.address ?? '',
      noticeDays: policy.noticeDays,
      debts,
    },
    NOTICE_POLICY,
  );
}

/** A notice's document and serving, for its PDF (a notice in the caller's scope, or 404). */
export async function noticeForPrint(q: Queryable, p: Principal, id: number): Promise<{ doc: NoticeDocument; step: StepOut }> {
  const r = await stepById(q, p, id, 'notice');
  if (!r.document) throw notFound('Stop-supply notice document', '停电通知书');
  return { doc: r.document as NoticeDocument, step: toStep(r) };
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
      // the call must follow the serving (a notice issued first and served later: a call in between does not count)
      (
        await tx.query(
          `SELECT 1 FROM collection_steps WHERE account_id = $1 AND kind = 'call' AND id > $2
              AND done_at >= (SELECT n.done_at FROM collection_steps n WHERE n.id = $2) LIMIT 1`,
          [accountId, notice.id],
        )
      ).rows.length > 0;
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
            (SELECT max(p.paid_at) FROM collection_posted_payments p WHERE p.account_id = s.account_id) AS paid_at
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
