/**
 * Customer notices about outages, written to the one outbox in the transaction that caused them:
 * affected (with the outage number and, when known, the estimated restoration time), restored,
 * and planned-outage notices. Each customer's channels and quiet hours apply; a customer with no
 * mobile number or e-mail cannot be told and is counted as such.
 */
import type { Queryable } from '../../../db/pool.js';
import { enqueue, type OutboxMessage } from '../../../platform/outbox/outbox.js';
import { releaseTime } from '../../../platform/outbox/quiet-hours.js';
import { NOTIFICATION_PREFS_COLUMNS, defaultQuietHours, notificationPrefsJoin } from '../../../platform/outbox/preferences.js';

const MOBILE = /^1[3-9]\d{9}$/;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const CHUNK = 5000;

export interface NoticeTarget {
  customerId: number;
  servicePointId: number;
  /** The text for this customer. */
  text: string;
  event: string;
  payload: Record<string, unknown>;
  urgent?: boolean;
}

/** Queues one message per channel the customer accepts; returns how many customers could be told. */
export async function queueCustomerNotices(q: Queryable, targets: NoticeTarget[], now = new Date()): Promise<{ told: number; unreachable: number }> {
  if (targets.length === 0) return { told: 0, unreachable: 0 };
  const ids = [...new Set(targets.map((t) => t.customerId))];
  const [contacts, defaults] = await Promise.all([
    q.query(
      `SELECT c.id, c.phone, c.email, ${NOTIFICATION_PREFS_COLUMNS}
         FROM pub_customers c ${notificationPrefsJoin('c.id')} WHERE c.id = ANY($1::bigint[])`,
      [ids],
    ),
    defaultQuietHours(q),
  ]);
  const byId = new Map(contacts.rows.map((r) => [r.id as number, r]));
  const d = { qs: defaults.start, qe: defaults.end };
  const messages: OutboxMessage[] = [];
  let told = 0;
  for (const t of targets) {
    const c = byId.get(t.customerId);
    if (!c) continue;
    const notBefore = releaseTime(now, { start: c.np_qs ?? d.qs, end: c.np_qe ?? d.qe }, t.urgent ?? false, SHANGHAI_OFFSET_MS);
    const body = `【国网供电服务】${t.text}`;
    const payload = { ...t.payload, customerId: t.customerId, servicePointId: t.servicePointId };
    const before = messages.length;
    if (c.np_sms !== false && c.phone && MOBILE.test(c.phone))
      messages.push({ event: t.event, channel: 'sms', recipient: c.phone, body, payload, urgent: t.urgent, notBefore });
    if (c.np_email !== false && c.email)
      messages.push({ event: t.event, channel: 'email', recipient: c.email, subject: '停电通知', body, payload, urgent: t.urgent, notBefore });
    if (messages.length > before) told++;
  }
  for (let i = 0; i < messages.length; i += CHUNK) await enqueue(q, messages.slice(i, i + CHUNK));
  return { told, unreachable: targets.length - told };
}

/** Notices for customers newly found in fault outages. */
export async function noticesForAffected(q: Queryable, rows: { outage_id: number; service_point_id: number; customer_id: number }[], now = new Date()) {
  if (rows.length === 0) return { told: 0, unreachable: 0 };
  const info = await q.query(
    `SELECT o.id, o.outage_no, o.etr, d.name AS device FROM outages o JOIN pub_network_devices d ON d.id = o.device_id WHERE o.id = ANY($1::bigint[])`,
    [[...new Set(rows.map((r) => r.outage_id))]],
  );
  const byOutage = new Map(info.rows.map((r) => [r.id as number, r]));
  return queueCustomerNotices(
    q,
    rows.map((r) => {
      const o = byOutage.get(r.outage_id)!;
      const etr = o.etr ? `，预计 ${formatLocal(o.etr)} 恢复供电` : '';
      return {
        customerId: r.customer_id,
        servicePointId: r.service_point_id,
        event: 'outage.affected',
        text: `您所在区域（${o.device}）发生停电，停电编号 ${o.outage_no}，抢修人员正在处理${etr}。`,
        payload: { outageId: r.outage_id, outageNo: o.outage_no, etr: o.etr },
      };
    }),
    now,
  );
}

export function formatLocal(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
