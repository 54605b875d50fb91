/**
 * 一次性告知: ONE notice listing every missing or expired item. Sending it pauses the clocks on
 * the customer (missing documents) until the application moves on; a second notice is refused.
 */
import { withTx, type Db } from '../../db/pool.js';
import { stateRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { startWait } from './customer-wait.js';
import { refreshClockSummary } from './clock-summary.js';
import { notify } from './notices.js';
import { documentsOf, findVisible, policyVersion } from './store.js';
import { localToday, missingOf } from './view.js';

export async function sendMissingNotice(db: Db, p: Principal, id: number, now = new Date()) {
  const ctx = await getSlaContext(db);
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.stage !== 'acceptance' || a.status !== 'open')
      throw stateRefusal('NOT_IN_ACCEPTANCE', 'stage', 'acceptance_only', '只有受理环节可发出缺件告知', 'a missing-items notice belongs to acceptance', {
        stage: a.stage,
      });
    if (a.missingNoticeAt)
      throw stateRefusal(
        'NOTICE_ALREADY_SENT',
        'missingNoticeAt',
        'one_notice',
        '已一次性告知过缺件清单，不能重复告知',
        'the one notice of missing items was already sent',
        { noticeAt: a.missingNoticeAt.toISOString() },
      );
    const policy = await policyVersion(tx, a.policyVersion);
    const { missing } = missingOf(policy, a, (await documentsOf(tx, [a.id])).get(a.id)!, localToday(ctx, now));
    if (missing.length === 0) throw stateRefusal('NOTHING_MISSING', 'documents', 'something_missing', '资料齐全，无需告知', 'nothing is missing');
    await tx.query(`UPDATE connection_applications SET missing_notice_at = $2 WHERE id = $1`, [a.id, now]);
    if (!a.customerWait) await startWait(tx, p, a, 'missing_documents', missing.map((m) => m.zh).join('；'), now);
    await refreshClockSummary(tx, ctx, a.id, now);
    await notify(tx, a, 'missing_documents', `请一次性补齐以下资料：${missing.map((m, i) => `${i + 1}. ${m.zh}`).join('；')}`, {
      items: missing.map((m) => m.kind),
    });
    await recordAudit(tx, actorOf(p), {
      action: 'connection.missing_notice',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: { items: missing },
    });
    return { id: a.id, items: missing, noticeAt: now.toISOString() };
  });
}
