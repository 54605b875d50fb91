/** Customer notices through the outbox (SMS to the applicant), written in the transaction of the change. */
import type { Queryable } from '../../db/pool.js';
import { enqueue } from '../../platform/outbox/outbox.js';
import type { AppRow } from './store.js';

export type NoticeKind = 'accepted' | 'missing_documents' | 'plan_ready' | 'fee_due' | 'power_on_date' | 'contract_offered' | 'contract_signed';

export async function notify(
  tx: Queryable,
  a: Pick<AppRow, 'id' | 'appNo' | 'applicantPhone'>,
  kind: NoticeKind,
  body: string,
  extra: Record<string, unknown> = {},
) {
  await enqueue(tx, [
    {
      event: `connection.${kind}`,
      channel: 'sms',
      recipient: a.applicantPhone,
      body: `【国网供电】${body}（申请编号 ${a.appNo}）`,
      payload: { applicationId: a.id, appNo: a.appNo, ...extra },
    },
  ]);
}
