/**
 * Split settlement (分次结算, docs/billing.md §19): the agreement of an account and the interim bills.
 * The rule is split-settlement-rules.ts (pure); the month-end true-up is added by the bill run
 * (billruns.ts) and posted by bill-postings.ts.
 *
 * - An agreement is set (or switched off) by billing.write; every change is audited with before and after.
 * - Issuing interim bill k of a cycle is idempotent: the bill exists once per (account, cycle, k) — the
 *   agreement row is locked while it is issued and a unique index backs it — and issuing it again answers
 *   the stored bill with `created: false`, writing nothing. It is refused before its agreed day (China
 *   Standard Time), after the month-end bill of the cycle exists, and without a base.
 * - An interim bill is a released bill: its line, due date (issue day + the agreement's payment term),
 *   its ledger posting (bill-postings.ts) in the same transaction, its e-bill notice by the worker. Both kinds
 *   (by share, by reading) are written by interim-bill-write.ts.
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { DomainError, badField, badFields, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { metersOfAccountRange, type MeterForBilling } from '../customers/index.js';
import { billingProfile } from './bill-rules.js';
import { writeInterimBill } from './interim-bill-write.js';
import { billSummaryById } from './billruns.js';
import { SPLIT_SETTLEMENT_POLICY } from './policy-data.js';
import { prepareReadInterim } from './split-reading.js';
import { policyOn, todayCst } from './service.js';
import { checkAgreement, interimBase, interimDay, interimDueDate, interimLine } from './split-settlement-rules.js';
import type { DueInterims, InterimIssue, InterimIssued, SplitAgreementInput, SplitAgreementOut, SplitSettlementOut } from './schemas.js';

const COLUMNS = `account_id, basis, days, share_pct::text[] AS share_pct, expected_monthly_fen, payment_days, active,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at`;

const toAgreement = (r: Record<string, any>): SplitAgreementOut => ({
  accountId: Number(r.account_id),
  basis: r.basis,
  days: r.days.map(Number),
  // numeric(5,2) text ('30.00') back to the share as agreed ('30')
  sharePct: (r.share_pct as string[]).map((x) => x.replace(/\.?0+$/, '')),
  expectedMonthlyFen: r.expected_monthly_fen === null ? null : Number(r.expected_monthly_fen),
  paymentDays: r.payment_days,
  active: r.active,
  updatedAt: r.updated_at,
});

/** The account's first meter in the principal's scope (its customer and org unit), or 404. */
async function accountInScope(q: Queryable, p: Pick<Principal, 'orgPath'>, accountId: number): Promise<MeterForBilling> {
  const m = (await metersOfAccountRange(q, p.orgPath, accountId, accountId))[0];
  if (!m) throw notFound('Account', '用电户');
  return m;
}

export async function getSplitSettlement(db: Queryable, p: Principal, accountId: number): Promise<SplitSettlementOut> {
  await accountInScope(db, p, accountId);
  const r = (await db.query(`SELECT ${COLUMNS} FROM split_settlement_agreements WHERE account_id = $1`, [accountId])).rows[0];
  return { accountId, agreement: r ? toAgreement(r) : null, policy: SPLIT_SETTLEMENT_POLICY };
}

/** Sets the account's agreement (or switches it off with `active: false`); checked field by field, audited. */
export async function setSplitAgreement(db: Db, p: Principal, accountId: number, body: SplitAgreementInput): Promise<SplitSettlementOut> {
  const problems = checkAgreement(body, SPLIT_SETTLEMENT_POLICY);
  if (problems.length) throw badFields('VALIDATION_FAILED', `请求参数有误：${problems[0].zh}`, `Invalid request: ${problems[0].en}`, problems);
  await withTx(db, async (tx) => {
    const m = await accountInScope(tx, p, accountId);
    const before = (await tx.query(`SELECT ${COLUMNS} FROM split_settlement_agreements WHERE account_id = $1 FOR UPDATE`, [accountId])).rows[0];
    const paymentDays = body.paymentDays ?? SPLIT_SETTLEMENT_POLICY.paymentDays;
    const after = (
      await tx.query(
        `INSERT INTO split_settlement_agreements (account_id, org_unit_id, org_path, days, share_pct, expected_monthly_fen, payment_days, active, updated_by, updated_at, basis)
         VALUES ($1, $2, $3, $4, $5::numeric[], $6, $7, $8, $9, now(), $10)
         ON CONFLICT (account_id) DO UPDATE SET org_unit_id = excluded.org_unit_id, org_path = excluded.org_path, days = excluded.days, share_pct = excluded.share_pct, basis = excluded.basis,
           expected_monthly_fen = excluded.expected_monthly_fen, payment_days = excluded.payment_days, active = excluded.active,
           updated_by = excluded.updated_by, updated_at = now()
         RETURNING ${COLUMNS}`,
        [accountId, m.orgUnitId, m.orgPath, body.days, body.sharePct, body.expectedMonthlyFen, paymentDays, body.active, p.id, body.basis ?? 'share'],
      )
    ).rows[0];
    const strip = (a: SplitAgreementOut) => ({
      basis: a.basis,
      days: a.days,
      sharePct: a.sharePct,
      expectedMonthlyFen: a.expectedMonthlyFen,
      paymentDays: a.paymentDays,
      active: a.active,
    });
    await recordAudit(tx, actorOf(p), {
      action: 'billing.split_agreement',
      entity: 'split_settlement_agreement',
      entityId: accountId,
      orgUnitId: m.orgUnitId,
      before: before ? strip(toAgreement(before)) : null,
      after: strip(toAgreement(after)),
    });
  });
  return getSplitSettlement(db, p, accountId);
}

const prevCycle = (cycle: string): string => {
  const y = +cycle.slice(0, 4),
    m = +cycle.slice(5, 7);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** Who issues interim bills: a user (the org subtree they may see) or the schedule's job (every org unit). */
interface Issuer {
  orgPath: string;
  actor: Actor;
  userId: number | null;
}
const issuerOf = (p: Principal): Issuer => ({ orgPath: p.orgPath, actor: actorOf(p), userId: p.id });
/** The background job of the interim bill schedule (interim-schedule.ts). */
export const SCHEDULE_ISSUER: Issuer = { orgPath: '/', actor: { id: null, kind: 'system', name: 'interim-bill-schedule' }, userId: null };

/**
 * Issues interim bill `interimNo` of `cycle` for the account (分次结算). Idempotent: the same interim again
 * answers the stored bill with `created: false` and writes nothing.
 */
export async function issueInterimBill(db: Db, p: Principal, accountId: number, body: InterimIssue, today = todayCst()): Promise<InterimIssued> {
  return issueInterimAs(db, issuerOf(p), accountId, body, today);
}

async function issueInterimAs(db: Db, p: Issuer, accountId: number, body: InterimIssue, today: string): Promise<InterimIssued> {
  const out = await withTx(db, async (tx): Promise<{ created: boolean; id: number }> => {
    const m = await accountInScope(tx, p, accountId);
    const ag = (await tx.query(`SELECT ${COLUMNS} FROM split_settlement_agreements WHERE account_id = $1 FOR UPDATE`, [accountId])).rows[0];
    const existing = (
      await tx.query(`SELECT id FROM bills WHERE account_id = $1 AND cycle = $2 AND kind = 'interim' AND interim_no = $3`, [
        accountId,
        body.cycle,
        body.interimNo,
      ])
    ).rows[0];
    if (existing) return { created: false, id: Number(existing.id) };
    if (!ag || !ag.active) throw conflict('该用电户未签订（或已停用）分次结算协议', 'the account has no active split-settlement agreement', {}, 'NO_AGREEMENT');
    const agreement = toAgreement(ag);
    if (body.interimNo > agreement.days.length)
      throw badFields(
        'VALIDATION_FAILED',
        `请求参数有误：协议只有 ${agreement.days.length} 次分次结算`,
        `Invalid request: the agreement has ${agreement.days.length} interim bills`,
        [
          {
            field: 'interimNo',
            rule: 'range',
            zh: `分次结算次数须为 1 至 ${agreement.days.length}`,
            en: `the interim number is 1 to ${agreement.days.length}`,
          },
        ],
      );
    const day = interimDay(body.cycle, agreement.days, body.interimNo);
    if (today < day)
      throw conflict(`第 ${body.interimNo} 次分次结算日为 ${day}，未到期`, `interim bill ${body.interimNo} falls on ${day}: not yet`, { day }, 'NOT_DUE');
    const settled = (
      await tx.query(`SELECT id FROM bills WHERE account_id = $1 AND cycle = $2 AND kind IN ('normal', 'rebill') AND status <> 'cancelled' LIMIT 1`, [
        accountId,
        body.cycle,
      ])
    ).rows[0];
    if (settled)
      throw conflict(
        `${body.cycle} 已出月末结算账单（${settled.id}），不再出分次结算账单`,
        `the month-end bill of ${body.cycle} exists (${settled.id}): no more interim bills`,
        { billId: Number(settled.id) },
        'MONTH_SETTLED',
      );
    if (agreement.basis === 'reading') return { created: true, id: await insertReadInterim(tx, p, accountId, body, day, today, agreement.paymentDays) };
    // the base: the previous month's net (every bill of it that is not a draft: interims, month-end, reversals, rebills)
    const prev = (
      await tx.query(
        `SELECT count(*)::int AS n, coalesce(sum(total_fen), 0)::bigint AS fen FROM bills WHERE account_id = $1 AND cycle = $2 AND status <> 'draft'`,
        [accountId, prevCycle(body.cycle)],
      )
    ).rows[0];
    const base = interimBase(prev.n > 0 ? Number(prev.fen) : null, agreement.expectedMonthlyFen);
    if (!base)
      throw conflict(
        `没有上月电费，协议也未约定月电费（expectedMonthlyFen），无法计算分次结算金额`,
        `no previous month and no agreed monthly amount (expectedMonthlyFen): the interim amount cannot be computed`,
        {},
        'NO_BASE',
      );
    const line = interimLine(body.interimNo, body.cycle, base.baseFen, base.basis, agreement.sharePct[body.interimNo - 1]);
    const policy = await policyOn(tx, `${body.cycle}-01`);
    const profile = billingProfile(m, policy.twoPart);
    const inputs = {
      account: { customerClass: profile.account.customerClass },
      split: { interimNo: body.interimNo, day, baseFen: base.baseFen, basis: base.basis, previousCycle: prevCycle(body.cycle), sharePct: line.quantity },
    };
    const id = await writeInterimBill(
      tx,
      {
        accountId,
        cycle: body.cycle,
        interimNo: body.interimNo,
        meter: m,
        period: { from: `${body.cycle}-01`, to: day },
        kwh: '0',
        totalFen: line.amountFen,
        tariffCodes: [],
        inputs,
        createdBy: p.userId,
        dueDate: interimDueDate(today, agreement.paymentDays),
        lines: [line],
      },
      {
        actor: p.actor,
        after: { accountId, cycle: body.cycle, interimNo: body.interimNo, day, baseFen: base.baseFen, basis: base.basis, totalFen: line.amountFen },
      },
    );
    return { created: true, id };
  });
  return { created: out.created, bill: await billSummaryById(db, out.id) };
}

/**
 * Issues every interim bill due on `on` (today, China Standard Time, by default; a past day catches up) for
 * the agreements in the principal's scope: of the cycle of `on`, each active agreement's interims whose day
 * is on or before it and that are not issued yet. Each interim is issued on its own (issueInterimBill: its own
 * transaction, audit record and idempotency), so one refused (no base, month settled) stops no other; running
 * it again issues nothing twice.
 */
export async function issueDueInterimBills(db: Db, p: Principal, on: string | undefined, today = todayCst()): Promise<DueInterims> {
  const day = on ?? today;
  if (day > today) throw badField('on', 'not_future', `不能为将来的日期 ${day} 出分次结算账单`, `interim bills cannot be issued for a future day ${day}`);
  return issueDueAs(db, issuerOf(p), day, today);
}

/** The interims due on `day` (≤ today) for the agreements under the issuer's org path, each issued on its own. */
export async function issueDueAs(db: Db, p: Issuer, day: string, today: string): Promise<DueInterims> {
  const cycle = day.slice(0, 7);
  const { rows } = await db.query(
    `SELECT a.account_id, k AS interim_no FROM split_settlement_agreements a CROSS JOIN LATERAL generate_subscripts(a.days, 1) AS k
      WHERE a.active AND a.org_path LIKE $1 || '%' AND a.days[k] <= $2
        AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.account_id = a.account_id AND b.cycle = $3 AND b.kind = 'interim' AND b.interim_no = k)
        -- split reading: an interim whose later one is issued is covered by it (INTERIM_ORDER), not tried again
        AND NOT (a.basis = 'reading' AND EXISTS (SELECT 1 FROM bills b WHERE b.account_id = a.account_id AND b.cycle = $3 AND b.kind = 'interim' AND b.interim_no > k))
      ORDER BY a.account_id, k`,
    [p.orgPath, Number(day.slice(8, 10)), cycle],
  );
  const out: DueInterims = { on: day, cycle, issued: [], already: 0, refused: [] };
  for (const r of rows) {
    const accountId = Number(r.account_id),
      interimNo = Number(r.interim_no);
    try {
      const x = await issueInterimAs(db, p, accountId, { cycle, interimNo }, today);
      if (x.created) out.issued.push(x.bill);
      else out.already++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.refused.push({ accountId, interimNo, code: e.code, messageZh: e.zh, messageEn: e.en });
    }
  }
  return out;
}

/**
 * Split reading (分次抄表, §22): the interim bill of the reading on the schedule's day, rated by split-reading.ts, written
 * (interim-bill-write.ts: released with its lines, posted to the ledger, audited) in the caller's transaction (the agreement row locked).
 */
async function insertReadInterim(tx: Tx, p: Issuer, accountId: number, body: InterimIssue, day: string, today: string, paymentDays: number): Promise<number> {
  const meters = await metersOfAccountRange(tx, p.orgPath, accountId, accountId);
  const m = meters[0];
  const b = await prepareReadInterim(tx, meters, accountId, body.cycle, body.interimNo, day);
  return writeInterimBill(
    tx,
    {
      accountId,
      cycle: body.cycle,
      interimNo: body.interimNo,
      meter: m,
      period: b.period,
      kwh: b.kwh,
      totalFen: b.totalFen,
      tariffCodes: b.tariffCodes,
      inputs: b.inputs,
      createdBy: p.userId,
      dueDate: interimDueDate(today, paymentDays),
      lines: b.lines,
    },
    {
      actor: p.actor,
      after: {
        accountId,
        cycle: body.cycle,
        interimNo: body.interimNo,
        day,
        basis: 'reading',
        readAt: (b.inputs.split as { readAt: string }).readAt,
        kwh: b.kwh,
        totalFen: b.totalFen,
      },
    },
  );
}
