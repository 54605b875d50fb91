/**
 * What an order event tells whom, as outbox messages written in the same transaction:
 * the customer by SMS/e-mail (their preferences and quiet hours; urgent ones ignore quiet hours),
 * staff about SLA warnings, and subscribed webhooks.
 */
import type { Queryable } from '../../../db/pool.js';
import { coversOrgPath } from '../../orgs/index.js';
import type { OutboxMessage } from '../../../platform/outbox/outbox.js';
import { releaseTime } from '../../../platform/outbox/quiet-hours.js';
import { NOTIFICATION_PREFS_COLUMNS, notificationPrefsJoin } from '../../../platform/outbox/preferences.js';
import type { WorkorderSettings } from '../settings/settings.js';

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

/** Columns the prefs need, to be selected with a customer row: c.email, p.sms, p.email AS email_ok, quiet hours as qs/qe. */
export const PREFS_COLUMNS = `c.email AS c_email, ${NOTIFICATION_PREFS_COLUMNS}`;
/** The customer's stored preferences, joined from their owner (platform/outbox). */
export const PREFS_JOIN = notificationPrefsJoin('c.id');

/** The customer's channels and quiet hours from a row selected with PREFS_COLUMNS (defaults when none are stored). */
export function prefsFromRow(s: WorkorderSettings, r: Record<string, unknown> | null | undefined): ContactPrefs {
  const prefs: ContactPrefs = { sms: true, email: true, emailAddress: null, quietStart: s.quietStart, quietEnd: s.quietEnd };
  if (!r) return prefs;
  prefs.emailAddress = (r.c_email as string | null) ?? null;
  if (r.np_sms !== null && r.np_sms !== undefined) {
    Object.assign(prefs, {
      sms: r.np_sms,
      email: r.np_email,
      quietStart: (r.np_qs as string | null) ?? s.quietStart,
      quietEnd: (r.np_qe as string | null) ?? s.quietEnd,
    });
  }
  return prefs;
}

export async function loadContactPrefs(q: Queryable, s: WorkorderSettings, customerId: number | null): Promise<ContactPrefs> {
  if (customerId === null) return prefsFromRow(s, null);
  const { rows } = await q.query(`SELECT ${PREFS_COLUMNS} FROM pub_customers c ${PREFS_JOIN} WHERE c.id = $1`, [customerId]);
  return prefsFromRow(s, rows[0]);
}

export function customerMessagesFor(prefs: ContactPrefs, o: NotifyOrder, event: string, text: string, urgent: boolean, now: Date): OutboxMessage[] {
  const notBefore = releaseTime(now, { start: prefs.quietStart, end: prefs.quietEnd }, urgent, SHANGHAI_OFFSET_MS);
  const out: OutboxMessage[] = [];
  const body = `【国网供电服务】${text}（工单号 ${o.order_no}）`;
  if (prefs.sms && o.caller_phone && MOBILE.test(o.caller_phone))
    out.push({ event, channel: 'sms', recipient: o.caller_phone, body, orderId: o.id, urgent, notBefore });
  if (prefs.email && prefs.emailAddress)
    out.push({ event, channel: 'email', recipient: prefs.emailAddress, subject: `工单 ${o.order_no}`, body, orderId: o.id, urgent, notBefore });
  return out;
}

export async function customerMessages(
  q: Queryable,
  s: WorkorderSettings,
  o: NotifyOrder,
  event: string,
  text: string,
  urgent = false,
  now = new Date(),
): Promise<OutboxMessage[]> {
  return customerMessagesFor(await loadContactPrefs(q, s, o.customer_id), o, event, text, urgent, now);
}

/** The owner and the supervisors above the order's unit, each by e-mail when known, else SMS. */
export async function staffMessages(q: Queryable, o: NotifyOrder, event: string, subject: string, text: string): Promise<OutboxMessage[]> {
  const { rows } = await q.query<{ email: string | null; phone: string | null }>(
    `SELECT DISTINCT u.email, u.phone FROM pub_users u
      WHERE u.active AND (u.id = $1 OR (u.role = 'supervisor' AND ${coversOrgPath('u.org_unit_id', '$2')}))`,
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
