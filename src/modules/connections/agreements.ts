/** Agreements on record before energising: supply contract, dispatch agreement, own-generation agreement, anti-backfeed measures. */
import { withTx, type Db } from '../../db/pool.js';
import { closedRefusal } from './refusals.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { actorOf, type Principal } from '../identity/index.js';
import type { AgreementInput } from './schemas.js';
import { agreementsOf, findVisible } from './store.js';

export async function recordAgreement(db: Db, p: Principal, id: number, input: AgreementInput) {
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.status !== 'open') throw closedRefusal(a.status);
    const { rows } = await tx.query(
      `INSERT INTO connection_agreements (application_id, kind, ref_no, signed_on, recorded_by) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (application_id, kind) DO UPDATE SET ref_no = EXCLUDED.ref_no, signed_on = EXCLUDED.signed_on, recorded_by = EXCLUDED.recorded_by, recorded_at = now() RETURNING id`,
      [a.id, input.kind, input.refNo, input.signedOn, p.id],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'connection.agreement',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: input,
    });
    return (await agreementsOf(tx, a.id)).find((x) => x.id === rows[0].id)!;
  });
}
