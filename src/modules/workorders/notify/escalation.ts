/**
 * Major complaints go up the org tree (docs/rules.md §1): the provincial desk within the first
 * escalation step (15 min) and the city within a further step (15 min more). At intake the
 * province is told at once and the city's message is held until the province's step has passed,
 * both urgent (no quiet hours); each step is recorded as an append-only SLA event with its due time.
 */
import type { Queryable } from '../../../db/pool.js';
import { coversOrgPath, orgUnitField } from '../../orgs/index.js';
import type { OutboxMessage } from '../../../platform/outbox/outbox.js';

export interface EscalationTarget {
  level: 'province' | 'city';
  recipients: { channel: 'email' | 'sms'; address: string }[];
}

const MOBILE = /^1[3-9]\d{9}$/;

/** The levels a major complaint climbs, in order; workorder_settings.escalation_minutes has one step per level. */
export const ESCALATION_LEVELS = ['province', 'city'] as const;

/** Supervisors, managers and administrators of the province and city units above an org path. */
export async function escalationTargets(q: Queryable, orgPath: string): Promise<EscalationTarget[]> {
  const { rows } = await q.query<{ level: 'province' | 'city'; email: string | null; phone: string | null }>(
    `SELECT ${orgUnitField('u.org_unit_id', 'level')} AS level, u.email, u.phone FROM pub_users u
      WHERE ${coversOrgPath('u.org_unit_id', '$1', ESCALATION_LEVELS)} AND u.active AND u.role IN ('supervisor', 'manager', 'admin')`,
    [orgPath],
  );
  return (['province', 'city'] as const).map((level) => ({
    level,
    recipients: rows
      .filter((r) => r.level === level)
      .flatMap((r): EscalationTarget['recipients'] =>
        r.email ? [{ channel: 'email', address: r.email }] : r.phone && MOBILE.test(r.phone) ? [{ channel: 'sms', address: r.phone }] : [],
      ),
  }));
}

/** Messages for one major complaint; `stepsMinutes` = [province, city] from workorder_settings. */
export function escalationMessages(
  targets: EscalationTarget[],
  stepsMinutes: number[],
  o: { id: number; order_no: string; title: string },
  receivedAt: Date,
): OutboxMessage[] {
  return targets.flatMap((t) => {
    const notBefore = t.level === 'province' ? undefined : new Date(receivedAt.getTime() + stepsMinutes[0] * 60_000);
    const body = `重大投诉 ${o.order_no}「${o.title}」已升级至${t.level === 'province' ? '省' : '市'}级，请于受理后 ${t.level === 'province' ? stepsMinutes[0] : stepsMinutes[1]} 分钟内介入`;
    return t.recipients.map((r): OutboxMessage => ({
      event: 'workorder.escalated',
      channel: r.channel,
      recipient: r.address,
      subject: `重大投诉升级：${o.order_no}`,
      body,
      orderId: o.id,
      urgent: true,
      notBefore,
    }));
  });
}

export function escalationEvents(stepsMinutes: number[], receivedAt: Date): { key: string; due: Date; level: string }[] {
  return [
    { key: 'escalation:province', level: 'province', due: new Date(receivedAt.getTime() + stepsMinutes[0] * 60_000) },
    { key: 'escalation:city', level: 'city', due: new Date(receivedAt.getTime() + stepsMinutes[1] * 60_000) },
  ];
}
