/**
 * Messages to the dispatchers of an outage: every active dispatcher whose org unit covers the
 * outage's, by e-mail (or SMS to a mobile number without an e-mail), written to the outbox in the
 * caller's transaction so delivery, retries and failures are the outbox's.
 */
import type { Queryable } from '../../../db/pool.js';
import type { OutboxMessage } from '../../../platform/outbox/outbox.js';
import { coversOrgPath } from '../../orgs/index.js';

const MOBILE = /^1[3-9]\d{9}$/;

export async function dispatcherMessages(
  q: Queryable,
  orgPath: string,
  m: { event: string; subject: string; text: string; payload: Record<string, unknown>; urgent?: boolean },
): Promise<OutboxMessage[]> {
  const { rows: staff } = await q.query<{ email: string | null; phone: string | null }>(
    `SELECT DISTINCT u.email, u.phone FROM pub_users u
      WHERE u.active AND u.role = 'dispatcher' AND ${coversOrgPath('u.org_unit_id', '$1')}`,
    [orgPath],
  );
  const out: OutboxMessage[] = [];
  for (const u of staff) {
    if (u.email)
      out.push({ event: m.event, channel: 'email', recipient: u.email, subject: m.subject, body: m.text, payload: m.payload, urgent: m.urgent ?? false });
    else if (u.phone && MOBILE.test(u.phone))
      out.push({ event: m.event, channel: 'sms', recipient: u.phone, body: m.text, payload: m.payload, urgent: m.urgent ?? false });
  }
  return out;
}
