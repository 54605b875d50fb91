/**
 * Disconnect and reconnect orders to the meter head-end (docs/prepaid.md, "Orders and the head-end").
 *
 * `workPrepaidCommands` (a background tick, and the console's "run now"):
 * 1. orders a disconnect for every account below zero with supply on, no open order, and a
 *    below-zero notice on file that reached the customer (at least one channel) and was released at
 *    least `disconnectAfterNoticeHours` ago — the set-based form of prepaid-rules `disconnectDecision`;
 *    the order waits for the disconnect window (`not_before`). The table refuses a disconnect without
 *    a notice (CHECK), and one open order per account (unique index), so a retry never orders twice;
 * 2. sends queued orders whose time has come (the same `commandNo` on every retry: the head-end
 *    switches once per number); a head-end that does not answer is retried after `retryAfterMinutes`,
 *    up to `maxAttempts`, then the order is `failed` and stays on the dashboard;
 *    the waits grow (`retryBackoffFactor`, at most `retryMaxMinutes`), and after a failed disconnect
 *    the next order for the same notice waits `reorderBackoff` (exponential, capped): a head-end that
 *    keeps failing is asked less and less often;
 * 3. asks the head-end about orders sent but unanswered for `pollAfterMinutes` (a lost callback).
 * Results (callback, reply or poll) go through `applyResult`: executed switches the account's supply,
 * a result for an order already settled changes nothing (`replayed`).
 */
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { DomainError } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { queryCommand, sendCommand, type HeadEndAnswer, type HeadEndSettings } from './head-end-client.js';
import { HEAD_END_STATUSES, verifySign } from './head-end-rules.js';
import { nextInWindow, reconnectDue, retryPlan } from './prepaid-rules.js';
import { orderReconnectIn } from './accounts.js';
import { prepaidPolicy } from './store.js';
import type { HeadEndCallback, PrepaidPolicy, WorkResult } from './schemas.js';

const HEAD_END_ACTOR: Actor = { id: null, kind: 'system', name: 'meter-head-end' };
const WORKER_ACTOR: Actor = { id: null, kind: 'system', name: 'prepaid-commands' };

export function headEndSettings(config: { headEndUrl?: string; headEndSecret?: string; headEndNotifyUrl?: string }): HeadEndSettings | null {
  if (!config.headEndUrl || !config.headEndSecret || !config.headEndNotifyUrl) return null;
  return { url: config.headEndUrl, secret: config.headEndSecret, notifyUrl: config.headEndNotifyUrl };
}

/** Step 1: disconnect orders for the accounts whose notice rules are met. */
export async function orderDisconnectsIn(tx: Tx, policy: PrepaidPolicy, now: Date, actor: Actor = WORKER_ACTOR): Promise<number> {
  const notBefore = nextInWindow(now, policy.disconnectWindow, policy.utcOffsetMinutes);
  const { rows } = await tx.query(
    `INSERT INTO prepaid_commands (command_no, account_id, kind, notice_id, balance_fen, requested_at, not_before)
     SELECT 'DC' || to_char($1::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('prepaid_commands_id_seq')::text, 9, '0'),
            a.account_id, 'disconnect', n.id, a.balance_fen, $1, $2
       FROM prepaid_accounts a JOIN prepaid_notices n ON n.id = a.zero_notice_id
      WHERE a.balance_fen < 0 AND a.supply = 'on' AND cardinality(n.channels) > 0
        AND n.send_after + make_interval(secs => $3 * 3600) <= $1
        AND NOT EXISTS (SELECT 1 FROM prepaid_commands c WHERE c.account_id = a.account_id AND c.status IN ('queued', 'sent'))
        -- back-off: after the n-th failed order for this notice, wait first × factor^(n − 1) minutes (at most max) from the last failure
        AND NOT EXISTS (
          SELECT 1 FROM (SELECT count(*) AS n, max(f.failed_at) AS last FROM prepaid_commands f
                          WHERE f.account_id = a.account_id AND f.kind = 'disconnect' AND f.status = 'failed' AND f.notice_id = n.id) x
           WHERE x.n > 0 AND x.last + make_interval(mins => least($6::numeric, $4::numeric * power($5::numeric, x.n - 1))::int) > $1)
     ON CONFLICT (account_id) WHERE status IN ('queued', 'sent') DO NOTHING
     RETURNING id, command_no, account_id, notice_id, balance_fen`,
    [now, notBefore, policy.disconnectAfterNoticeHours, policy.reorderBackoff.firstMinutes, policy.reorderBackoff.factor, policy.reorderBackoff.maxMinutes],
  );
  if (rows.length) {
    const units = new Map(
      (await tx.query('SELECT account_id, org_unit_id FROM prepaid_accounts WHERE account_id = ANY($1::bigint[])', [rows.map((r) => r.account_id)])).rows.map(
        (r) => [Number(r.account_id), Number(r.org_unit_id)],
      ),
    );
    for (let i = 0; i < rows.length; i += 4000)
      await recordAudit(
        tx,
        actor,
        rows.slice(i, i + 4000).map((r) => ({
          action: 'prepaid.order' as const,
          entity: 'prepaid_command' as const,
          entityId: Number(r.id),
          orgUnitId: units.get(Number(r.account_id)) ?? null,
          after: { kind: 'disconnect', commandNo: r.command_no, noticeId: Number(r.notice_id), balanceFen: Number(r.balance_fen) },
        })),
      );
  }
  return rows.length;
}

/** A result from the head-end (callback, reply or poll) applied to its order, under the order's row lock. */
export async function applyResult(tx: Tx, answer: HeadEndAnswer, actor: Actor): Promise<{ status: string; replayed: boolean }> {
  const { rows } = await tx.query(
    `SELECT c.*, a.org_unit_id, a.balance_fen AS account_balance, a.supply FROM prepaid_commands c JOIN prepaid_accounts a USING (account_id)
      WHERE c.command_no = $1 FOR UPDATE OF c`,
    [answer.commandNo],
  );
  const c = rows[0];
  if (!c) throw new DomainError('not_found', 'UNKNOWN_COMMAND', `没有指令 ${answer.commandNo}`, `no command ${answer.commandNo}`);
  if (c.status === 'executed' || c.status === 'failed' || c.status === 'cancelled') return { status: c.status, replayed: true };
  if (answer.status === 'accepted') {
    if (c.status === 'queued')
      await tx.query(`UPDATE prepaid_commands SET status = 'sent', sent_at = coalesce(sent_at, now()), updated_at = now() WHERE id = $1`, [c.id]);
    return { status: 'sent', replayed: false };
  }
  const at = answer.executedAt && !Number.isNaN(Date.parse(answer.executedAt)) ? new Date(answer.executedAt) : new Date();
  if (answer.status === 'failed') {
    await tx.query(`UPDATE prepaid_commands SET status = 'failed', last_error = $2, failed_at = $3, updated_at = now() WHERE id = $1`, [
      c.id,
      answer.reason ?? 'failed at the head-end',
      at,
    ]);
  } else {
    await tx.query(`UPDATE prepaid_commands SET status = 'executed', executed_at = $2, sent_at = coalesce(sent_at, $2), updated_at = now() WHERE id = $1`, [
      c.id,
      at,
    ]);
    await tx.query(`UPDATE prepaid_accounts SET supply = $2, updated_at = now() WHERE account_id = $1`, [c.account_id, c.kind === 'disconnect' ? 'off' : 'on']);
  }
  await recordAudit(tx, actor, {
    action: 'prepaid.result',
    entity: 'prepaid_command',
    entityId: Number(c.id),
    orgUnitId: Number(c.org_unit_id),
    before: { status: c.status },
    after: { status: answer.status === 'failed' ? 'failed' : 'executed', executedAt: at.toISOString(), reason: answer.reason ?? null },
  });
  // topped up while the disconnect was on its way: reconnect at once
  if (answer.status === 'executed' && c.kind === 'disconnect') {
    const policy = await prepaidPolicy(tx);
    if (reconnectDue(Number(c.account_balance), 'off', false, policy))
      await orderReconnectIn(tx, Number(c.account_id), Number(c.account_balance), Number(c.org_unit_id), null, actor);
  }
  return { status: answer.status === 'failed' ? 'failed' : 'executed', replayed: false };
}

/** The head-end's callback: the signature is checked before anything is read (401 BAD_SIGNATURE). */
export async function handleHeadEndCallback(db: Db, settings: HeadEndSettings | null, body: HeadEndCallback) {
  if (!settings || !verifySign(body, settings.secret))
    throw new DomainError('unauthenticated', 'BAD_SIGNATURE', '签名无效', 'the signature does not verify', [
      { field: 'sign', rule: 'signature', message: '签名无效', messageEn: 'bad signature' },
    ]);
  if (!(HEAD_END_STATUSES as readonly string[]).includes(body.status))
    throw new DomainError('invalid', 'VALIDATION_FAILED', '未知的指令状态', 'unknown command status', [
      { field: 'status', rule: 'enum', message: '未知的指令状态', messageEn: 'unknown status' },
    ]);
  const r = await withTx(db, (tx) =>
    applyResult(
      tx,
      { commandNo: body.commandNo, status: body.status as HeadEndAnswer['status'], executedAt: body.executedAt, reason: body.reason },
      HEAD_END_ACTOR,
    ),
  );
  return { commandNo: body.commandNo, ...r };
}

async function sendOne(db: Db, s: HeadEndSettings, id: number, policy: PrepaidPolicy, now: Date): Promise<'sent' | 'failed' | 'skipped'> {
  return withTx(db, async (tx) => {
    const c = (
      await tx.query(
        `SELECT c.*, a.meter_no, a.account_no, a.org_unit_id FROM prepaid_commands c JOIN prepaid_accounts a USING (account_id)
          WHERE c.id = $1 AND c.status = 'queued' FOR UPDATE OF c SKIP LOCKED`,
        [id],
      )
    ).rows[0];
    if (!c) return 'skipped';
    await recordAudit(tx, WORKER_ACTOR, {
      action: 'prepaid.send',
      entity: 'prepaid_command',
      entityId: id,
      orgUnitId: Number(c.org_unit_id),
      after: { commandNo: c.command_no, attempt: c.attempts + 1 },
    });
    try {
      const answer = await sendCommand(s, { commandNo: c.command_no, action: c.kind, meterNo: c.meter_no, accountNo: c.account_no });
      await tx.query(
        `UPDATE prepaid_commands SET attempts = attempts + 1, sent_at = coalesce(sent_at, now()), status = 'sent', updated_at = now() WHERE id = $1`,
        [id],
      );
      await applyResult(tx, { ...answer, commandNo: c.command_no }, HEAD_END_ACTOR);
      return 'sent';
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const { retryAt } = retryPlan(c.attempts + 1, now, policy);
      await tx.query(
        `UPDATE prepaid_commands SET attempts = attempts + 1, last_error = $2, not_before = coalesce($3, not_before), status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE status END,
                failed_at = CASE WHEN $3::timestamptz IS NULL THEN $4 ELSE failed_at END, updated_at = now() WHERE id = $1`,
        [id, e.en, retryAt, now],
      );
      if (!retryAt)
        await recordAudit(tx, WORKER_ACTOR, {
          action: 'prepaid.result',
          entity: 'prepaid_command',
          entityId: id,
          orgUnitId: Number(c.org_unit_id),
          before: { status: c.status },
          after: { status: 'failed', attempts: c.attempts + 1, reason: e.en, failedAt: now.toISOString() },
        });
      return 'failed';
    }
  });
}

async function pollOne(db: Db, s: HeadEndSettings, id: number): Promise<boolean> {
  return withTx(db, async (tx) => {
    const c = (await tx.query(`SELECT command_no FROM prepaid_commands WHERE id = $1 AND status = 'sent' FOR UPDATE SKIP LOCKED`, [id])).rows[0];
    if (!c) return false;
    try {
      const answer = await queryCommand(s, c.command_no);
      await tx.query('UPDATE prepaid_commands SET updated_at = now() WHERE id = $1', [id]);
      if (answer.status !== 'accepted') await applyResult(tx, { ...answer, commandNo: c.command_no }, HEAD_END_ACTOR);
      return true;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await tx.query('UPDATE prepaid_commands SET last_error = $2, updated_at = now() WHERE id = $1', [id, e.en]);
      return false;
    }
  });
}

/** One tick of the order worker: order the due disconnects, send what is due, poll what is silent. */
export async function workPrepaidCommands(db: Db, settings: HeadEndSettings | null, now = new Date(), actor: Actor = WORKER_ACTOR): Promise<WorkResult> {
  const policy = await prepaidPolicy(db);
  const ordered = await withTx(db, (tx) => orderDisconnectsIn(tx, policy, now, actor));
  const out: WorkResult = { ordered, sent: 0, polled: 0, failed: 0 };
  if (!settings) return out;
  const due = await db.query(`SELECT id FROM prepaid_commands WHERE status = 'queued' AND not_before <= $1 ORDER BY not_before, id LIMIT 200`, [now]);
  const justSent: number[] = [];
  for (const r of due.rows) {
    const res = await sendOne(db, settings, Number(r.id), policy, now);
    justSent.push(Number(r.id));
    if (res === 'sent') out.sent++;
    else if (res === 'failed') out.failed++;
  }
  const silent = await db.query(
    `SELECT id FROM prepaid_commands WHERE status = 'sent' AND updated_at <= $1::timestamptz - make_interval(mins => $2) AND NOT (id = ANY($3::bigint[]))
      ORDER BY id LIMIT 200`,
    [now, policy.pollAfterMinutes, justSent],
  );
  for (const r of silent.rows) if (await pollOne(db, settings, Number(r.id))) out.polled++;
  return out;
}

/** The console's "work the orders now" (an administrator). */
export async function workCommandsAs(db: Db, p: Principal, settings: HeadEndSettings | null): Promise<WorkResult> {
  return workPrepaidCommands(db, settings, new Date(), actorOf(p));
}
export type HeadEndSettingsOrNull = HeadEndSettings | null;
