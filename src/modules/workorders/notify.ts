/**
 * What an order event tells whom, as outbox messages written in the same transaction:
 * the customer by SMS/e-mail (their preferences and quiet hours; urgent ones ignore quiet hours),
 * staff about SLA warnings, and subscribed webhooks.
 */
import type { Queryable } from '../../db/pool.js';
import type { OutboxMessage } from '../../platform/outbox/outbox.js';
import { releaseTime } from '../../platform/outbox/quiet-hours.js';
import type { WorkorderSettings } from './settings.js';

const MOBILE = /^1[3-9]\d{9}$/;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface NotifyOrder {
  id: number;
  order_no: string;
  customer_id: number | null;
  caller_phone: string | null;
  org_path: string;
  owner_id: number | null;
}

export interface ContactPrefs {
  sms: boolean;
  email: boolean;
  emailAddress: string | null;
  quietStart: string | null;
  quietEnd: string | null;
}

/** The customer's channels and quiet hours (defaults from the settings when none are stored). */
export async function loadContactPrefs(q: Queryable, s: WorkorderSettings, customerId: number | null): Promise<ContactPrefs> {
  const prefs: ContactPrefs = { sms: true, email: true, emailAddress: null, quietStart: s.quietStart, quietEnd: s.quietEnd };
  if (customerId === null) return prefs;
  const { rows } = await q.query(
    `SELECT c.email, p.sms, p.email AS email_ok, to_char(p.quiet_start, 'HH24:MI') AS qs, to_char(p.quiet_end, 'HH24:MI') AS qe
       FROM customers c LEFT JOIN notification_prefs p ON p.customer_id = c.id WHERE c.id = $1`,
    [customerId],
  );
  const r = rows[0];
  if (!r) return prefs;
  prefs.emailAddress = r.email;
  if (r.sms !== null) Object.assign(prefs, { sms: r.sms, email: r.email_ok, quietStart: r.qs ?? s.quietStart, quietEnd: r.qe ?? s.quietEnd });
  return prefs;
}

export function customerMessagesFor(prefs: ContactPrefs, o: NotifyOrder, event: string, text: string, urgent: boolean, now: Date): OutboxMessage[] {
  const notBefore = releaseTime(now, { start: prefs.quietStart, end: prefs.quietEnd }, urgent, SHANGHAI_OFFSET_MS);
  const out: OutboxMessage[] = [];
  const body = `【国网供电服务】${text}（工单号 ${o.order_no}）`;
  if (prefs.sms && o.caller_phone && MOBILE.test(o.caller_phone)) out.push({ event, channel: 'sms', recipient: o.caller_phone, body, orderId: o.id, urgent, notBefore });
  if (prefs.email && prefs.emailAddress) out.push({ event, channel: 'email', recipient: prefs.emailAddress, subject: `工单 ${o.order_no}`, body, orderId: o.id, urgent, notBefore });
  return out;
}

export async function customerMessages(q: Queryable, s: WorkorderSettings, o: NotifyOrder, event: string, text: string, urgent = false, now = new Date()): Promise<OutboxMessage[]> {
  return customerMessagesFor(await loadContactPrefs(q, s, o.customer_id), o, event, text, urgent, now);
}

/** The owner and the supervisors above the order's unit, each by e-mail when known, else SMS. */
export async function staffMessages(q: Queryable, o: NotifyOrder, event: string, subject: string, text: string): Promise<OutboxMessage[]> {
  const { rows } = await q.query<{ email: string | null; phone: string | null }>(
    `SELECT DISTINCT u.email, u.phone FROM users u JOIN org_units ou ON ou.id = u.org_unit_id
      WHERE u.active AND (u.id = $1 OR (u.role = 'supervisor' AND $2 LIKE ou.path || '%'))`,
    [o.owner_id ?? -1, o.org_path],
  );
  return rows.flatMap((u): OutboxMessage[] => {
    if (u.email) return [{ event, channel: 'email', recipient: u.email, subject, body: text, orderId: o.id, urgent: true }];
    if (u.phone && MOBILE.test(u.phone)) return [{ event, channel: 'sms', recipient: u.phone, body: text, orderId: o.id, urgent: true }];
    return [];
  });
}

export function webhookMessages(s: WorkorderSettings, event: string, payload: unknown, orderId: number | null): OutboxMessage[] {
  return s.webhooks
    .filter((w) => w.events.includes(event) || w.events.includes('*'))
    .map((w) => ({ event, channel: 'webhook' as const, recipient: String(w.id), body: event, payload, orderId, urgent: false }));
}
