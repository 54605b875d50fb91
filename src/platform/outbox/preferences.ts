/**
 * Customers' delivery preferences (table notification_prefs: SMS / e-mail, quiet hours) and the
 * default quiet hours (outbox_settings), owned here: modules read and save them through these
 * functions, or place this SQL in a statement of their own that reads the customer row anyway.
 */
import type { Queryable } from '../../db/pool.js';

/** Columns of the preferences joined by `notificationPrefsJoin` (NULL when none are stored): np_sms, np_email, np_qs, np_qe (quiet hours as HH:MI). */
export const NOTIFICATION_PREFS_COLUMNS = `np.sms AS np_sms, np.email AS np_email, to_char(np.quiet_start, 'HH24:MI') AS np_qs, to_char(np.quiet_end, 'HH24:MI') AS np_qe`;
/** A LEFT JOIN of the preferences (alias np) of the customer whose id is `customerIdExpr`. */
export const notificationPrefsJoin = (customerIdExpr: string) => `LEFT JOIN notification_prefs np ON np.customer_id = ${customerIdExpr}`;

export interface NotificationPrefs {
  sms: boolean;
  email: boolean;
  /** HH:MI, both or neither */
  quietStart: string | null;
  quietEnd: string | null;
}

/** The stored row of a customer's preferences as kept (times as PostgreSQL prints them), or null: the before-image of a change. */
export async function storedNotificationPrefs(q: Queryable, customerId: number): Promise<Record<string, unknown> | null> {
  return (await q.query('SELECT sms, email, quiet_start, quiet_end FROM notification_prefs WHERE customer_id = $1', [customerId])).rows[0] ?? null;
}

/** Saves a customer's preferences (insert or replace); the caller checks the customer and audits. */
export async function saveNotificationPrefs(q: Queryable, customerId: number, prefs: NotificationPrefs): Promise<void> {
  await q.query(
    `INSERT INTO notification_prefs (customer_id, sms, email, quiet_start, quiet_end, updated_at) VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (customer_id) DO UPDATE SET sms = EXCLUDED.sms, email = EXCLUDED.email, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, updated_at = now()`,
    [customerId, prefs.sms, prefs.email, prefs.quietStart, prefs.quietEnd],
  );
}

/** The quiet hours for customers without their own (HH:MI, null when none are set). */
export async function defaultQuietHours(q: Queryable): Promise<{ start: string | null; end: string | null }> {
  const { rows } = await q.query(
    `SELECT to_char(default_quiet_start, 'HH24:MI') AS qs, to_char(default_quiet_end, 'HH24:MI') AS qe FROM outbox_settings WHERE id = 1`,
  );
  return { start: rows[0]?.qs ?? null, end: rows[0]?.qe ?? null };
}
