/**
 * Queuing e-bill notices (docs/billing.md §14). A released bill (normal or rebill) whose `notice_at` is
 * empty is claimed with FOR UPDATE SKIP LOCKED; its messages go to the outbox and `notice_at` is set in the
 * same transaction, so each bill is noticed exactly once whichever instance works it, and a rolled-back
 * batch leaves its bills to the next one. Every app instance's bill run worker calls this after its chunks.
 */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import { enqueue, type OutboxMessage } from '../../platform/outbox/outbox.js';
import { defaultQuietHours } from '../../platform/outbox/preferences.js';
import { billAddressees } from '../customers/index.js';
import { billNoticeMessages, type NoticeSettings } from './bill-notice-rules.js';

export interface NoticeBatch {
  bills: number;
  messages: number;
  unreachable: number;
}

/** Queues the notices of up to `limit` released bills; null when none is waiting. */
export async function queueBillNotices(db: Db, limit = 500, now = new Date()): Promise<NoticeBatch | null> {
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `SELECT id, account_id, cycle, kind, total_fen, to_char(due_date, 'YYYY-MM-DD') AS due_date, run_id, org_unit_id FROM bills
        WHERE notice_at IS NULL AND status = 'released' AND kind <> 'reversal' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (!rows.length) return null;
    const st = (await tx.query(`SELECT hotline, late_fee_notice_zh, ebill_link FROM billing_settings WHERE id = 1`)).rows[0];
    const settings: NoticeSettings = {
      ebillLink: st.ebill_link,
      hotline: st.hotline,
      lateFeeNoticeZh: st.late_fee_notice_zh,
      defaultQuiet: await defaultQuietHours(tx),
    };
    const contacts = await billAddressees(tx, [...new Set(rows.map((r) => Number(r.account_id)))]);
    const messages: OutboxMessage[] = [];
    let unreachable = 0;
    const perRun = new Map<string, { runId: number | null; billId: number; orgUnitId: number; bills: number; messages: number; unreachable: number }>();
    for (const r of rows) {
      const c = contacts.get(Number(r.account_id));
      const m = c
        ? billNoticeMessages(
            { id: Number(r.id), accountId: Number(r.account_id), cycle: r.cycle, kind: r.kind, totalFen: Number(r.total_fen), dueDate: r.due_date },
            c,
            settings,
            now,
          )
        : [];
      messages.push(...m);
      if (!m.length) unreachable++;
      const key = r.run_id === null ? `bill:${r.id}` : `run:${r.run_id}`;
      const g = perRun.get(key) ?? {
        runId: r.run_id === null ? null : Number(r.run_id),
        billId: Number(r.id),
        orgUnitId: Number(r.org_unit_id),
        bills: 0,
        messages: 0,
        unreachable: 0,
      };
      g.bills++;
      g.messages += m.length;
      if (!m.length) g.unreachable++;
      perRun.set(key, g);
    }
    for (let i = 0; i < messages.length; i += 2000) await enqueue(tx, messages.slice(i, i + 2000));
    await tx.query(`UPDATE bills SET notice_at = $3 WHERE account_id = ANY($1::bigint[]) AND id = ANY($2::bigint[]) AND notice_at IS NULL`, [
      rows.map((r) => r.account_id),
      rows.map((r) => r.id),
      now,
    ]);
    await recordAudit(
      tx,
      SYSTEM_ACTOR,
      [...perRun.values()].map((g) =>
        g.runId === null
          ? {
              action: 'bill.notice' as const,
              entity: 'bill' as const,
              entityId: g.billId,
              orgUnitId: g.orgUnitId,
              after: { messages: g.messages, unreachable: g.unreachable },
            }
          : {
              action: 'bill.notice' as const,
              entity: 'bill_run' as const,
              entityId: g.runId,
              orgUnitId: g.orgUnitId,
              after: { bills: g.bills, messages: g.messages, unreachable: g.unreachable },
            },
      ),
    );
    return { bills: rows.length, messages: messages.length, unreachable };
  });
}

/** Queues every waiting notice, batch after batch. */
export async function queueAllBillNotices(db: Db, limit = 500, now = new Date()): Promise<NoticeBatch> {
  const sum: NoticeBatch = { bills: 0, messages: 0, unreachable: 0 };
  for (;;) {
    const b = await queueBillNotices(db, limit, now);
    if (!b) return sum;
    sum.bills += b.bills;
    sum.messages += b.messages;
    sum.unreachable += b.unreachable;
  }
}
