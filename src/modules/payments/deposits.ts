/**
 * Deposit of counter cash (现金解款), docs/payments.md "Cash deposit". After their daily closes the
 * cashiers' cash goes to the bank; the bank's slip (bank, amount, slip number, time) is recorded against
 * the closes it covers and matched with their cash (deposit-rules.ts):
 *
 * - no difference: posted at once — `cash_deposited` per ledger unit (`cashdep:<deposit>:<unit>`),
 *   Dr 100201 bank / Cr 101201 collections in transit, where the closes' cash payments were posted;
 * - a difference the policy allows: recorded `pending_approval`; another user with payments.approve
 *   approves (posted then, the shortage to 122103 or the overage to 224103) or rejects (the closes are
 *   free again for a corrected slip); a difference the policy refuses: 400 naming `amountFen`, nothing written.
 * - Idempotent by slip number: the same slip again answers the first (`replayed`); the number with other
 *   content is refused (409 REFERENCE_REUSED). A close is covered by one deposit (409 CLOSE_DEPOSITED).
 * - Every change audited (`cash_deposit.record|approve|reject`).
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { inOrgScope } from '../orgs/index.js';
import { postMoneyEvents, todayBeijing, type MoneyEvent } from '../ledger/index.js';
import { depositByUnit, matchDeposit } from './deposit-rules.js';
import { DEPOSIT_POLICY } from './policy-data.js';
import type { DepositIn, DepositOut, DepositPolicy } from './schemas.js';

const beijingDay = (d: Date) => todayBeijing(d.getTime());

async function depositRow(q: Queryable, id: number): Promise<DepositOut> {
  const r = (await q.query(`SELECT *, to_char(deposited_on, 'YYYY-MM-DD') AS day FROM cash_deposits WHERE id = $1`, [id])).rows[0];
  const closes = (
    await q.query(
      `SELECT c.close_id, c.cash_fen, to_char(k.day, 'YYYY-MM-DD') AS day, k.cashier_id,
              (SELECT max(p.cashier_name) FROM payments p WHERE p.close_id = k.id) AS cashier_name
         FROM cash_deposit_closes c JOIN cashier_closes k ON k.id = c.close_id WHERE c.deposit_id = $1 ORDER BY c.close_id`,
      [id],
    )
  ).rows;
  const units = Object.keys((r.postings ?? {}) as Record<string, unknown>)
    .map(Number)
    .sort((a, b) => a - b);
  return {
    id: Number(r.id),
    slipRef: r.slip_ref,
    bankName: r.bank_name,
    amountFen: Number(r.amount_fen),
    depositedAt: r.deposited_at,
    depositedOn: r.day,
    expectedFen: Number(r.expected_fen),
    differenceFen: Number(r.difference_fen),
    status: r.status,
    closes: closes.map((c) => ({
      closeId: Number(c.close_id),
      day: c.day,
      cashierId: Number(c.cashier_id),
      cashierName: c.cashier_name ?? null,
      cashFen: Number(c.cash_fen),
    })),
    ledgerSources: units.map((u) => `cashdep:${r.id}:${u}`),
    unpostedFen: Number(r.unposted_fen),
    note: r.note,
    recordedBy: Number(r.recorded_by),
    recordedAt: r.recorded_at,
    decidedBy: r.decided_by === null ? null : Number(r.decided_by),
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    replayed: false,
  };
}

/** The cash of these closes per ledger unit of their cash payments (0: an org unit that keeps no books). */
async function cashByUnit(q: Queryable, closeIds: number[]): Promise<Map<number, number>> {
  const { rows } = await q.query(
    `SELECT coalesce(ledger_unit_id, 0) AS unit, sum(amount_fen)::bigint AS fen FROM payments
      WHERE close_id = ANY($1::bigint[]) AND channel = 'counter' AND method = 'cash' AND status = 'posted' GROUP BY 1`,
    [closeIds],
  );
  return new Map(rows.map((r) => [Number(r.unit), Number(r.fen)]));
}

/** Post the deposit per ledger unit and store what was posted. */
async function postDeposit(tx: Tx, p: Principal, d: DepositOut, closeIds: number[]): Promise<void> {
  const byUnit = await cashByUnit(tx, closeIds);
  const cash = [...byUnit.values()].reduce((a, b) => a + b, 0);
  if (cash !== d.expectedFen)
    throw conflict(
      `日结单现金 ${d.expectedFen} 分与其现金收费合计 ${cash} 分不符`,
      `the closes' cash (${d.expectedFen} fen) differs from their cash payments (${cash} fen)`,
      {},
      'CLOSE_TOTALS_CHANGED',
    );
  const split = depositByUnit(d.amountFen, byUnit);
  const posted = split.filter((u) => u.unit !== 0);
  const events: MoneyEvent[] = posted.map((u) => ({
    type: 'cash_deposited',
    id: `cashdep:${d.id}:${u.unit}`,
    orgUnitId: u.unit,
    date: d.depositedOn,
    amounts: { deposit: u.deposit, covered: u.covered, shortage: u.shortage, overage: u.overage },
    memo: `现金解款 / cash deposit ${d.slipRef} (${d.bankName})`,
  }));
  if (events.length) await postMoneyEvents(tx, events, p.id);
  const unposted = split.filter((u) => u.unit === 0).reduce((s, u) => s + u.deposit, 0);
  await tx.query(`UPDATE cash_deposits SET postings = $2, unposted_fen = $3 WHERE id = $1`, [
    d.id,
    JSON.stringify(
      Object.fromEntries(posted.map((u) => [String(u.unit), { deposit: u.deposit, covered: u.covered, shortage: u.shortage, overage: u.overage }])),
    ),
    unposted,
  ]);
}

/** Record a deposit slip against the closes it covers (payments.collect). */
export async function recordDeposit(db: Db, p: Principal, body: DepositIn, policy: DepositPolicy = DEPOSIT_POLICY, now = new Date()): Promise<DepositOut> {
  const at = new Date(body.depositedAt);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000)
    throw badField('depositedAt', 'format', '解款时间无效', 'the deposit time is not a valid instant');
  if (at.getTime() > now.getTime() + 60_000) throw badField('depositedAt', 'future', '解款时间不能晚于现在', 'the deposit cannot be in the future');
  const closeIds = [...new Set(body.closeIds)].sort((a, b) => a - b);
  if (closeIds.length !== body.closeIds.length) throw badField('closeIds', 'unique', '日结单重复', 'a close is listed twice');
  const depositedOn = beijingDay(at);
  return withTx(db, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:deposit:' || $1, 0))`, [body.slipRef]);
    const prior = (await tx.query(`SELECT id FROM cash_deposits WHERE slip_ref = $1`, [body.slipRef])).rows[0];
    if (prior) {
      const d = await depositRow(tx, Number(prior.id));
      const same =
        d.bankName === body.bankName &&
        d.amountFen === body.amountFen &&
        new Date(d.depositedAt).getTime() === at.getTime() &&
        d.closes.map((c) => c.closeId).join(',') === closeIds.join(',');
      if (same) return { ...d, replayed: true };
      throw conflict(
        `解款单号 ${body.slipRef} 已登记，内容不同`,
        `deposit slip ${body.slipRef} was recorded before with other content`,
        { slipRef: body.slipRef, depositId: d.id },
        'REFERENCE_REUSED',
      );
    }
    const closes = (
      await tx.query(
        `SELECT k.id, to_char(k.day, 'YYYY-MM-DD') AS day, coalesce((k.system_totals->>'cash')::bigint, 0) AS cash
           FROM cashier_closes k WHERE k.id = ANY($1::bigint[]) AND ${inOrgScope('k.org_unit_id', '$2')} ORDER BY k.id FOR UPDATE`,
        [closeIds, p.orgPath],
      )
    ).rows;
    if (closes.length !== closeIds.length) {
      const missing = closeIds.filter((id) => !closes.some((c) => Number(c.id) === id));
      throw badField('closeIds', 'unknown', `日结单不存在：${missing.join(', ')}`, `no such close in your scope: ${missing.join(', ')}`);
    }
    const taken = (
      await tx.query(
        `SELECT c.close_id, d.slip_ref FROM cash_deposit_closes c JOIN cash_deposits d ON d.id = c.deposit_id WHERE c.close_id = ANY($1::bigint[]) AND c.active`,
        [closeIds],
      )
    ).rows;
    if (taken.length)
      throw conflict(
        `日结单 ${taken.map((t) => t.close_id).join(', ')} 已解款（解款单 ${taken[0].slip_ref}）`,
        `close(s) ${taken.map((t) => t.close_id).join(', ')} already deposited (slip ${taken[0].slip_ref})`,
        { closeIds: taken.map((t) => Number(t.close_id)) },
        'CLOSE_DEPOSITED',
      );
    const late = closes.find((c) => c.day > depositedOn);
    if (late) throw badField('depositedAt', 'before_close', `解款日期早于日结日 ${late.day}`, `the deposit precedes the closed day ${late.day}`);
    const cash = closes.map((c) => Number(c.cash));
    if (cash.every((c) => c === 0)) throw conflict('所选日结单没有现金', 'the closes hold no cash to deposit', {}, 'NO_CASH');
    const m = matchDeposit(body.amountFen, cash, policy);
    if (m.outcome === 'refused')
      throw badField(
        'amountFen',
        'deposit_difference',
        `解款金额 ${body.amountFen} 分与日结现金 ${m.expectedFen} 分相差 ${m.differenceFen} 分：${m.reason === 'policy_refuses_difference' ? '政策不允许长短款' : `超过上限 ${policy.maxDifferenceFen} 分`}`,
        `the slip (${body.amountFen} fen) differs from the closes' cash (${m.expectedFen} fen) by ${m.differenceFen} fen: ${m.reason === 'policy_refuses_difference' ? 'the policy allows no difference' : `above the limit of ${policy.maxDifferenceFen} fen`}`,
      );
    const id = Number(
      (
        await tx.query(
          `INSERT INTO cash_deposits (slip_ref, bank_name, amount_fen, deposited_at, deposited_on, expected_fen, difference_fen, status, org_unit_id, org_path, note, recorded_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
          [
            body.slipRef,
            body.bankName,
            body.amountFen,
            at,
            depositedOn,
            m.expectedFen,
            m.differenceFen,
            m.outcome === 'balanced' ? 'posted' : 'pending_approval',
            p.orgUnitId,
            p.orgPath,
            body.note ?? null,
            p.id,
          ],
        )
      ).rows[0].id,
    );
    await tx.query(`INSERT INTO cash_deposit_closes (deposit_id, close_id, cash_fen) SELECT $1, c, f FROM unnest($2::bigint[], $3::bigint[]) AS x(c, f)`, [
      id,
      closes.map((c) => Number(c.id)),
      cash,
    ]);
    if (m.outcome === 'balanced') await postDeposit(tx, p, await depositRow(tx, id), closeIds);
    const out = await depositRow(tx, id);
    await recordAudit(tx, actorOf(p), {
      action: 'cash_deposit.record',
      entity: 'cash_deposit',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { ...out, closes: closeIds },
    });
    return out;
  });
}

/** Approve (post) or reject a deposit with a difference: by another user than the one who recorded it. */
export async function decideDeposit(db: Db, p: Principal, id: number, approve: boolean, note?: string): Promise<DepositOut> {
  return withTx(db, async (tx) => {
    const r = (await tx.query(`SELECT * FROM cash_deposits WHERE id = $1 AND org_path LIKE $2 || '%' FOR UPDATE`, [id, p.orgPath])).rows[0];
    if (!r) throw notFound('Cash deposit', '现金解款');
    if (r.status !== 'pending_approval') throw conflict('该解款单不在待审批状态', `the deposit is ${r.status}, not pending approval`, {}, 'REQUEST_DECIDED');
    if (Number(r.recorded_by) === p.id) throw conflict('不能审批自己登记的解款单', 'you cannot decide a deposit you recorded', {}, 'SAME_PERSON');
    await tx.query(`UPDATE cash_deposits SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1`, [
      id,
      approve ? 'posted' : 'rejected',
      p.id,
      note ?? null,
    ]);
    const closeIds = (await tx.query(`SELECT close_id FROM cash_deposit_closes WHERE deposit_id = $1 ORDER BY close_id`, [id])).rows.map((c) =>
      Number(c.close_id),
    );
    if (approve) await postDeposit(tx, p, await depositRow(tx, id), closeIds);
    else await tx.query(`UPDATE cash_deposit_closes SET active = false WHERE deposit_id = $1`, [id]);
    const out = await depositRow(tx, id);
    await recordAudit(tx, actorOf(p), {
      action: approve ? 'cash_deposit.approve' : 'cash_deposit.reject',
      entity: 'cash_deposit',
      entityId: id,
      orgUnitId: Number(r.org_unit_id),
      before: { status: r.status },
      after: out,
    });
    return out;
  });
}

export async function listDeposits(db: Db, p: Principal): Promise<DepositOut[]> {
  const { rows } = await db.query(`SELECT id FROM cash_deposits WHERE org_path LIKE $1 || '%' ORDER BY id DESC LIMIT 200`, [p.orgPath]);
  const out: DepositOut[] = [];
  for (const r of rows) out.push(await depositRow(db, Number(r.id)));
  return out;
}

/** Closes in scope whose cash is not yet deposited (the deposit form's choices), oldest first. */
export async function undepositedCloses(db: Db, p: Principal): Promise<DepositOut['closes']> {
  const { rows } = await db.query(
    `SELECT k.id, to_char(k.day, 'YYYY-MM-DD') AS day, k.cashier_id, coalesce((k.system_totals->>'cash')::bigint, 0) AS cash,
            (SELECT max(p.cashier_name) FROM payments p WHERE p.close_id = k.id) AS cashier_name
       FROM cashier_closes k
      WHERE ${inOrgScope('k.org_unit_id', '$1')} AND coalesce((k.system_totals->>'cash')::bigint, 0) > 0
        AND NOT EXISTS (SELECT 1 FROM cash_deposit_closes c WHERE c.close_id = k.id AND c.active)
      ORDER BY k.day, k.id LIMIT 200`,
    [p.orgPath],
  );
  return rows.map((r) => ({
    closeId: Number(r.id),
    day: r.day,
    cashierId: Number(r.cashier_id),
    cashierName: r.cashier_name ?? null,
    cashFen: Number(r.cash),
  }));
}
