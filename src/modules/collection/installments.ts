/**
 * Installment agreements (分期缴费), docs/collection.md: a schedule of amounts by date covering at most
 * the account's arrears today. While one is active no stop order can be made and the daily pass puts
 * no reminder on the account; the pass breaks it when a due installment is not covered by the
 * payments since the agreement (collection resumes: the next pass puts a reminder on the list) and
 * completes it when they cover the whole schedule.
 */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { todayBeijing } from '../ledger/index.js';
import type { AgreementOut, InstallmentBodyT } from './schemas.js';
import { debtSummary, lockAccount } from './steps.js';
import { agreementsOf, visibleAccount } from './store.js';

export async function createAgreement(db: Db, p: Principal, accountId: number, body: InstallmentBodyT): Promise<AgreementOut> {
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, accountId);
    await lockAccount(tx, accountId);
    const today = todayBeijing();
    body.items.forEach((it, i) => {
      if (it.dueOn < today) throw badField(`items.${i}.dueOn`, 'past', '分期日期不能早于今天', 'an installment cannot fall due in the past');
      if (i > 0 && it.dueOn <= body.items[i - 1].dueOn) throw badField(`items.${i}.dueOn`, 'order', '分期日期须逐期递增', 'installment dates must increase');
    });
    const total = body.items.reduce((s, it) => s + it.amountFen, 0);
    const d = await debtSummary(tx, accountId, today);
    if (d.arrearsFen <= 0) throw conflict('该户无欠费，无需分期', 'the account owes nothing: no installment agreement', {}, 'NO_ARREARS');
    if (total > d.arrearsFen)
      throw badField(
        'items',
        'exceeds_arrears',
        `分期合计超过欠费 ${d.arrearsFen} 分`,
        `the installments add up to more than the arrears (${d.arrearsFen} fen)`,
      );
    if ((await tx.query(`SELECT 1 FROM installment_agreements WHERE account_id = $1 AND status = 'active'`, [accountId])).rows.length)
      throw conflict('该户已有履行中的分期协议', 'an installment agreement is already in force', {}, 'INSTALLMENT_ACTIVE');
    const g = (
      await tx.query(
        `INSERT INTO installment_agreements (account_id, org_unit_id, org_path, total_fen, starts_on, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [accountId, a.orgUnitId, a.orgPath, total, today, body.note ?? null, p.id],
      )
    ).rows[0];
    await tx.query(
      `INSERT INTO installment_items (agreement_id, seq, due_on, amount_fen) SELECT $1, s, d, f FROM unnest($2::date[], $3::bigint[]) WITH ORDINALITY AS x(d, f, s)`,
      [g.id, body.items.map((i) => i.dueOn), body.items.map((i) => i.amountFen)],
    );
    const out = (await agreementsOf(tx, accountId, today)).find((x) => x.id === Number(g.id))!;
    await recordAudit(tx, actorOf(p), { action: 'installment.create', entity: 'installment_agreement', entityId: out.id, orgUnitId: a.orgUnitId, after: out });
    return out;
  });
}
