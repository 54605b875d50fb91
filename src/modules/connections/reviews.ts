/**
 * First review (design office with dispatch and production) and joint review by company
 * leaders, each recorded with who took part. The joint review follows an approved first review.
 */
import { withTx, type Db } from '../../db/pool.js';
import { stateRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { reviewReasons } from './large-customer-rules.js';
import type { ReviewInput } from './schemas.js';
import { findVisible, policyVersion, reviewsOf } from './store.js';

export async function recordReview(db: Db, p: Principal, id: number, input: ReviewInput) {
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    const policy = await policyVersion(tx, a.policyVersion);
    if (reviewReasons(a, policy).length === 0)
      throw conflict('此申请无需会审', 'this application needs no review', {}, 'NO_REVIEW_NEEDED', [
        {
          field: 'level',
          rule: 'review_needed',
          message: '仅专线、高压双电源或单次申请容量达到会审门槛的申请需会审',
          messageEn: 'only dedicated lines, HV dual supply or large applications are reviewed',
        },
      ]);
    if (a.stage !== 'plan' || a.status !== 'open')
      throw stateRefusal('NOT_IN_PLAN', 'stage', 'plan_stage', '会审在供电方案环节进行', 'reviews take place at the supply plan stage', { stage: a.stage });
    const reviews = await reviewsOf(tx, a.id);
    if (input.level === 'joint' && reviews.filter((r) => r.level === 'first').at(-1)?.decision !== 'approved') {
      throw conflict('联合会审须在初审通过之后', 'the joint review follows an approved first review', {}, 'FIRST_REVIEW_FIRST', [
        { field: 'level', rule: 'first_review_first', message: '请先完成初审', messageEn: 'the first review must approve first' },
      ]);
    }
    const { rows } = await tx.query(
      `INSERT INTO connection_reviews (application_id, level, decision, participants, note, reviewer_id, reviewer_name) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [a.id, input.level, input.decision, input.participants, input.note ?? null, p.id, p.name],
    );
    await recordAudit(tx, actorOf(p), {
      action: `connection.review_${input.level}`,
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: { reviewId: rows[0].id, ...input },
    });
    return (await reviewsOf(tx, a.id)).find((r) => r.id === rows[0].id)!;
  });
}
