/**
 * Prepaid accounts (docs/prepaid.md): enrol an account, its threshold, its top-ups, the console's
 * dashboard and lists, the portal's view. Every change is audited in its transaction.
 *
 * Top-ups are payments: a payment on a prepaid account (counter, online gateway, bank file)
 * calls `topUpFromPaymentsIn` inside the payment's own transaction, so the balance moves exactly
 * when the payment commits, once per payment (the payment id is the top-up's reference).
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { buildCalendar, loadCalendar } from '../../platform/calendar/calendar-store.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { accountsForCollection, metersOfAccountRange } from '../customers/index.js';
import { inOrgScope } from '../orgs/index.js';
import { ledgerUnitFor, postMoneyEvent, todayBeijing } from '../ledger/index.js';
import { episodesAfter, reconnectDue, thresholdProblem } from './prepaid-rules.js';
import { ACCOUNT_COLUMNS, COMMAND_COLUMNS, prepaidPolicy, pricePlans, reconnectClock, toAccount, toCommand } from './store.js';
import type { AccountDetail, CommandOut, Dashboard, EnrollIn, PrepaidAccountOut, PrepaidPolicy, PricePlan, TopupOut } from './schemas.js';

const toTopup = (r: Record<string, any>): TopupOut => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  channel: r.channel,
  reference: r.reference,
  amountFen: Number(r.amount_fen),
  paymentId: r.payment_id === null ? null : Number(r.payment_id),
  balanceAfterFen: Number(r.balance_after_fen),
  createdAt: r.created_at,
});

async function calendarFor(db: Queryable, policy: PrepaidPolicy) {
  return policy.reconnectClock.basis === 'natural' ? buildCalendar('Asia/Shanghai', []) : loadCalendar(db, 'Asia/Shanghai');
}

export async function commandsWithClocks(db: Queryable, rows: Record<string, any>[], policy: PrepaidPolicy, now = new Date()): Promise<CommandOut[]> {
  const calendar = await calendarFor(db, policy);
  return rows.map((r) => toCommand(r, r.kind === 'reconnect' ? reconnectClock(r, policy, calendar, now) : null));
}

/** The account named by id or by number (exactly one), in the caller's scope. */
async function accountToEnrol(db: Queryable, p: Principal, body: EnrollIn) {
  if ((body.accountId === undefined) === (body.accountNo === undefined))
    throw badField('accountNo', 'one_of', '请填写户号（或用电户编号，二者选一）', 'give the account number (or the account id, one of the two)');
  if (body.accountId !== undefined) {
    const a = (await accountsForCollection(db, p.orgPath, { accountId: body.accountId }, 1))[0];
    if (!a) throw notFound('Account', '用电户');
    return a;
  }
  const no = body.accountNo!.trim();
  const a = (await accountsForCollection(db, p.orgPath, { prefix: no }, 20)).find((x) => x.accountNo === no);
  if (!a) throw badField('accountNo', 'unknown', `户号 ${no} 不存在（或不在您的范围内）`, `no account ${no} (or not in your scope)`);
  return a;
}

/** The price plans an account can be enrolled on. */
export async function listPricePlans(db: Queryable): Promise<PricePlan[]> {
  return [...(await pricePlans(db)).values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Put an account on prepaid fee control (staff). */
export async function enrollAccount(db: Db, p: Principal, body: EnrollIn): Promise<PrepaidAccountOut> {
  const policy = await prepaidPolicy(db);
  const plans = await pricePlans(db);
  if (!plans.has(body.planCode)) throw badField('planCode', 'unknown', `没有价格方案 ${body.planCode}`, `no price plan ${body.planCode}`);
  const threshold = body.thresholdFen ?? policy.defaultThresholdFen;
  const problem = thresholdProblem(threshold, policy);
  if (problem) throw badField('thresholdFen', 'range', problem.zh, problem.en);
  const account = await accountToEnrol(db, p, body);
  const meter = (await metersOfAccountRange(db, p.orgPath, account.accountId, account.accountId))[0];
  if (!meter) throw badField('accountId', 'no_meter', '该用电户没有在用电能表，不能实行费控', 'the account has no active meter for fee control');
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO prepaid_accounts (account_id, account_no, customer_id, org_unit_id, org_path, customer_class, meter_no, plan_code, balance_fen, threshold_fen, usage_source)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (account_id) DO NOTHING RETURNING ${ACCOUNT_COLUMNS}`,
      [
        account.accountId,
        account.accountNo,
        account.customerId,
        account.orgUnitId,
        account.orgPath,
        account.customerClass,
        meter.meterNo,
        body.planCode,
        body.openingBalanceFen ?? 0,
        threshold,
        body.usageSource ?? 'daily_totals',
      ],
    );
    if (!rows[0])
      throw conflict('该用电户已实行预付费', 'the account is already prepaid', {}, 'ALREADY_PREPAID', [
        { field: 'accountId', rule: 'unique', message: '已实行预付费', messageEn: 'already prepaid' },
      ]);
    const out = toAccount(rows[0]);
    // the opening balance is customer money the company holds from now on: posted as a top-up
    // (prepaid_topup: Dr 101201 / Cr 220301xx) in the unit that keeps the account's books, once per account
    const opening = body.openingBalanceFen ?? 0;
    const unit = opening > 0 ? await ledgerUnitFor(tx, account.orgPath) : null;
    const ledgerSource = unit ? `prepaid_opening:${account.accountId}` : null;
    if (unit)
      await postMoneyEvent(
        tx,
        {
          type: 'prepaid_topup',
          id: ledgerSource!,
          orgUnitId: unit.orgUnitId,
          date: todayBeijing(),
          customerClass: account.customerClass,
          amounts: { amount: opening },
          memo: `费控开户预存余额 / prepaid opening balance, account ${account.accountNo}`,
        },
        p.id,
      );
    await recordAudit(tx, actorOf(p), {
      action: 'prepaid.enroll',
      entity: 'prepaid_account',
      entityId: out.accountId,
      orgUnitId: out.orgUnitId,
      after: { ...out, ledgerSource },
    });
    return out;
  });
}

async function visible(db: Queryable, p: Principal, accountId: number): Promise<Record<string, any>> {
  const { rows } =
    p.customerId !== null
      ? await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE account_id = $1 AND customer_id = $2`, [accountId, p.customerId])
      : await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE account_id = $1 AND org_path LIKE $2 || '%'`, [accountId, p.orgPath]);
  if (!rows[0]) throw notFound('Prepaid account', '预付费用电户');
  return rows[0];
}

/** Set the low-balance threshold (staff in scope, or the customer for an own account). */
export async function setThreshold(db: Db, p: Principal, accountId: number, thresholdFen: number): Promise<PrepaidAccountOut> {
  const policy = await prepaidPolicy(db);
  const problem = thresholdProblem(thresholdFen, policy);
  if (problem) throw badField('thresholdFen', 'range', problem.zh, problem.en);
  await visible(db, p, accountId);
  return withTx(db, async (tx) => {
    const before = (await tx.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE account_id = $1 FOR UPDATE`, [accountId])).rows[0];
    // a threshold below the balance ends the low-balance episode; one above it starts a new one (notified by the next pass)
    const { rows } = await tx.query(
      `UPDATE prepaid_accounts SET threshold_fen = $2, low_notice_id = CASE WHEN balance_fen >= $2 THEN NULL ELSE low_notice_id END, updated_at = now()
        WHERE account_id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
      [accountId, thresholdFen],
    );
    const out = toAccount(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: 'prepaid.threshold',
      entity: 'prepaid_account',
      entityId: accountId,
      orgUnitId: out.orgUnitId,
      before: { thresholdFen: Number(before.threshold_fen) },
      after: { thresholdFen },
    });
    return out;
  });
}

export interface PaymentTopUp {
  accountId: number;
  paymentId: number;
  channel: string;
  amountFen: number;
}

/** Which of these accounts are on prepaid (their credit is their prepaid balance: payments does not apply it to bills). */
export async function prepaidAccountIdsOf(q: Queryable, accountIds: readonly number[]): Promise<Set<number>> {
  if (!accountIds.length) return new Set();
  const { rows } = await q.query('SELECT account_id FROM prepaid_accounts WHERE account_id = ANY($1::bigint[])', [accountIds]);
  return new Set(rows.map((r) => Number(r.account_id)));
}

/**
 * Inside a payment's transaction: the part of payments that lands on prepaid accounts (their credit)
 * tops up the balance. Accounts that are not prepaid are skipped with one indexed read. Idempotent by
 * (channel, payment id). A balance back at or above zero on a disconnected account orders its
 * reconnection (the clock starts now); a disconnect still queued is cancelled instead.
 */
export async function topUpFromPaymentsIn(tx: Tx, items: readonly PaymentTopUp[], actor: Actor): Promise<TopupOut[]> {
  const candidates = items.filter((i) => i.amountFen > 0);
  if (!candidates.length) return [];
  const prepaid = new Set(
    (await tx.query('SELECT account_id FROM prepaid_accounts WHERE account_id = ANY($1::bigint[])', [candidates.map((i) => i.accountId)])).rows.map((r) =>
      Number(r.account_id),
    ),
  );
  const mine = candidates.filter((i) => prepaid.has(i.accountId));
  if (!mine.length) return [];
  const policy = await prepaidPolicy(tx);
  const out: TopupOut[] = [];
  for (const i of [...mine].sort((a, b) => a.accountId - b.accountId || a.paymentId - b.paymentId)) {
    const ins = await tx.query(
      `WITH acc AS (UPDATE prepaid_accounts SET balance_fen = balance_fen + $3, updated_at = now() WHERE account_id = $1
                      AND NOT EXISTS (SELECT 1 FROM prepaid_topups WHERE channel = $2 AND reference = $4) RETURNING balance_fen)
       INSERT INTO prepaid_topups (account_id, channel, reference, amount_fen, payment_id, balance_after_fen)
       SELECT $1, $2, $4, $3, $5, balance_fen FROM acc RETURNING *`,
      [i.accountId, i.channel, i.amountFen, `payment:${i.paymentId}`, i.paymentId],
    );
    if (!ins.rows[0]) continue; // this payment topped up before
    const t = toTopup(ins.rows[0]);
    out.push(t);
    const acc = (await tx.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE account_id = $1`, [i.accountId])).rows[0];
    const keep = episodesAfter(Number(acc.balance_fen), Number(acc.threshold_fen));
    await tx.query(
      `UPDATE prepaid_accounts SET low_notice_id = CASE WHEN $2 THEN low_notice_id END, zero_notice_id = CASE WHEN $3 THEN zero_notice_id END WHERE account_id = $1`,
      [i.accountId, keep.keepLow, keep.keepZero],
    );
    const open = (await tx.query(`SELECT id, kind, status FROM prepaid_commands WHERE account_id = $1 AND status IN ('queued','sent')`, [i.accountId])).rows[0];
    if (open && open.kind === 'disconnect' && open.status === 'queued' && Number(acc.balance_fen) >= 0) {
      await tx.query(`UPDATE prepaid_commands SET status = 'cancelled', updated_at = now(), last_error = 'topped up before sending' WHERE id = $1`, [open.id]);
      await recordAudit(tx, actor, {
        action: 'prepaid.result',
        entity: 'prepaid_command',
        entityId: Number(open.id),
        orgUnitId: Number(acc.org_unit_id),
        after: { status: 'cancelled', topupId: t.id },
      });
    } else if (reconnectDue(Number(acc.balance_fen), acc.supply, !!open, policy)) {
      await orderReconnectIn(tx, i.accountId, Number(acc.balance_fen), Number(acc.org_unit_id), t.id, actor);
    }
    await recordAudit(tx, actor, {
      action: 'prepaid.topup',
      entity: 'prepaid_account',
      entityId: i.accountId,
      orgUnitId: Number(acc.org_unit_id),
      after: { topupId: t.id, paymentId: i.paymentId, channel: i.channel, amountFen: i.amountFen, balanceAfterFen: t.balanceAfterFen },
    });
  }
  return out;
}

export async function orderReconnectIn(
  tx: Tx,
  accountId: number,
  balanceFen: number,
  orgUnitId: number,
  topupId: number | null,
  actor: Actor,
): Promise<number> {
  const { rows } = await tx.query(
    `INSERT INTO prepaid_commands (command_no, account_id, kind, topup_id, balance_fen)
     VALUES ('RC' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('prepaid_commands_id_seq')::text, 9, '0'), $1, 'reconnect', $2, $3)
     RETURNING id, command_no`,
    [accountId, topupId, balanceFen],
  );
  await recordAudit(tx, actor, {
    action: 'prepaid.order',
    entity: 'prepaid_command',
    entityId: Number(rows[0].id),
    orgUnitId,
    after: { kind: 'reconnect', commandNo: rows[0].command_no, balanceFen, topupId },
  });
  return Number(rows[0].id);
}

const STATE_WHERE: Record<string, string> = {
  all: 'true',
  low: 'balance_fen < threshold_fen AND balance_fen >= 0',
  below_zero: 'balance_fen < 0',
  off: "supply = 'off'",
};

export async function listAccounts(db: Queryable, p: Principal, q: { state?: string; limit?: number; offset?: number }) {
  const where = `${STATE_WHERE[q.state ?? 'all']} AND org_path LIKE $1 || '%'`;
  const [items, total] = await Promise.all([
    db.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE ${where} ORDER BY balance_fen, account_id LIMIT $2 OFFSET $3`, [
      p.orgPath,
      q.limit ?? 50,
      q.offset ?? 0,
    ]),
    db.query(`SELECT count(*)::int AS n FROM prepaid_accounts WHERE ${where}`, [p.orgPath]),
  ]);
  return { items: items.rows.map(toAccount), total: total.rows[0].n };
}

export async function accountDetail(db: Queryable, p: Principal, accountId: number): Promise<AccountDetail> {
  const account = toAccount(await visible(db, p, accountId));
  const policy = await prepaidPolicy(db);
  const [usage, topups, notices, commands, reads] = await Promise.all([
    db.query(
      `SELECT u.day::text AS day, u.kwh::text AS kwh, u.source, c.charge_fen FROM prepaid_usage u LEFT JOIN prepaid_charges c ON c.account_id = u.account_id AND c.day = u.day
        WHERE u.account_id = $1 ORDER BY u.day DESC LIMIT 31`,
      [accountId],
    ),
    db.query('SELECT * FROM prepaid_topups WHERE account_id = $1 ORDER BY id DESC LIMIT 20', [accountId]),
    db.query('SELECT * FROM prepaid_notices WHERE account_id = $1 ORDER BY id DESC LIMIT 20', [accountId]),
    db.query(
      `SELECT ${COMMAND_COLUMNS}, c.updated_at FROM prepaid_commands c JOIN prepaid_accounts a USING (account_id) WHERE c.account_id = $1 ORDER BY c.id DESC LIMIT 20`,
      [accountId],
    ),
    db.query(
      `SELECT meter_id, read_at, prev_read_at, prev_value::text AS prev_value, value::text AS value, multiplier::text AS multiplier, kwh::text AS kwh, outcome, day::text AS day
         FROM prepaid_read_charges WHERE account_id = $1 ORDER BY read_at DESC, meter_id LIMIT 24`,
      [accountId],
    ),
  ]);
  return {
    account,
    usage: usage.rows.map((r) => ({ day: r.day, kwh: r.kwh, source: r.source, chargeFen: r.charge_fen === null ? null : Number(r.charge_fen) })),
    topups: topups.rows.map(toTopup),
    notices: notices.rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      balanceFen: Number(r.balance_fen),
      channels: r.channels,
      sendAfter: r.send_after,
      createdAt: r.created_at,
    })),
    commands: await commandsWithClocks(db, commands.rows, policy),
    reads: reads.rows.map((r) => ({
      meterId: Number(r.meter_id),
      readAt: r.read_at,
      prevReadAt: r.prev_read_at,
      prevValue: r.prev_value,
      value: r.value,
      multiplier: r.multiplier,
      kwh: r.kwh,
      outcome: r.outcome,
      day: r.day,
    })),
  };
}

/** The portal: the customer's own prepaid accounts. */
export async function myPrepaidAccounts(db: Queryable, p: Principal): Promise<PrepaidAccountOut[]> {
  if (p.customerId === null) return [];
  const { rows } = await db.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE customer_id = $1 ORDER BY account_no`, [p.customerId]);
  return rows.map(toAccount);
}

/** The console's prepaid dashboard: totals, accounts below their threshold or zero, open and recent orders with their clocks. */
export async function dashboard(db: Queryable, p: Principal, headEndConfigured: boolean): Promise<Dashboard> {
  const policy = await prepaidPolicy(db);
  const scope = `org_path LIKE $1 || '%'`;
  const [totals, low, cmds, counts, pass] = await Promise.all([
    db.query(
      `SELECT count(*)::int AS n, coalesce(sum(balance_fen), 0)::bigint AS total,
              count(*) FILTER (WHERE balance_fen < threshold_fen AND balance_fen >= 0)::int AS low,
              count(*) FILTER (WHERE balance_fen < 0)::int AS zero, count(*) FILTER (WHERE supply = 'off')::int AS off
         FROM prepaid_accounts WHERE ${scope}`,
      [p.orgPath],
    ),
    db.query(`SELECT ${ACCOUNT_COLUMNS} FROM prepaid_accounts WHERE balance_fen < threshold_fen AND ${scope} ORDER BY balance_fen, account_id LIMIT 50`, [
      p.orgPath,
    ]),
    db.query(
      `SELECT ${COMMAND_COLUMNS}, c.updated_at FROM prepaid_commands c JOIN prepaid_accounts a USING (account_id)
        WHERE ${inOrgScope('a.org_unit_id', '$1')} ORDER BY (c.status IN ('queued','sent')) DESC, c.id DESC LIMIT 50`,
      [p.orgPath],
    ),
    db.query(
      `SELECT count(*) FILTER (WHERE c.status = 'queued')::int AS queued, count(*) FILTER (WHERE c.status = 'sent')::int AS sent,
              count(*) FILTER (WHERE c.status = 'failed')::int AS failed
         FROM prepaid_commands c JOIN prepaid_accounts a USING (account_id) WHERE a.${scope}`,
      [p.orgPath],
    ),
    db.query('SELECT id, day::text AS day, charged, charge_fen, finished_at FROM prepaid_pass_runs ORDER BY id DESC LIMIT 1'),
  ]);
  const t = totals.rows[0];
  const lp = pass.rows[0];
  return {
    accounts: t.n,
    totalBalanceFen: Number(t.total),
    belowThreshold: t.low,
    belowZero: t.zero,
    disconnected: t.off,
    lastPass: lp ? { id: Number(lp.id), day: lp.day, charged: lp.charged, chargeFen: Number(lp.charge_fen), finishedAt: lp.finished_at } : null,
    headEnd: { configured: headEndConfigured, ...counts.rows[0] },
    low: low.rows.map(toAccount),
    commands: await commandsWithClocks(db, cmds.rows, policy),
  };
}

/** AMI daily totals (日冻结电量) for prepaid accounts: stored once per account and day; a repeated day keeps the first value. */
export async function storeUsage(db: Db, p: Principal, days: { accountId: number; day: string; kwh: string }[]) {
  const ids = [...new Set(days.map((d) => d.accountId))];
  const known = new Map(
    (
      await db.query(`SELECT account_id, usage_source FROM prepaid_accounts WHERE account_id = ANY($1::bigint[]) AND org_path LIKE $2 || '%'`, [ids, p.orgPath])
    ).rows.map((r) => [Number(r.account_id), r.usage_source as string]),
  );
  const missing = days.findIndex((d) => !known.has(d.accountId));
  if (missing >= 0)
    throw badField(`days.${missing}.accountId`, 'unknown', '不是预付费用电户（或不在您的范围内）', 'not a prepaid account (or not in your scope)');
  // an account charged from meter reads takes no daily totals: the same kWh would be charged twice
  const fromReads = days.findIndex((d) => known.get(d.accountId) === 'meter_reads');
  if (fromReads >= 0)
    throw badField(
      `days.${fromReads}.accountId`,
      'meter_reads',
      '该户按抄表示数计费，不接收日冻结电量',
      'the account is charged from meter reads and takes no daily totals',
    );
  return withTx(db, async (tx) => {
    const { rowCount } = await tx.query(
      `INSERT INTO prepaid_usage (account_id, day, kwh) SELECT * FROM unnest($1::bigint[], $2::date[], $3::numeric[]) ON CONFLICT DO NOTHING`,
      [days.map((d) => d.accountId), days.map((d) => d.day), days.map((d) => d.kwh)],
    );
    const stored = rowCount ?? 0;
    await recordAudit(tx, actorOf(p), {
      action: 'prepaid.usage',
      entity: 'prepaid_usage',
      entityId: null,
      orgUnitId: p.orgUnitId,
      after: { lines: days.length, stored },
    });
    return { stored, repeated: days.length - stored };
  });
}
