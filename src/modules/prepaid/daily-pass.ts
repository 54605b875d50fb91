/**
 * The daily prepaid pass (docs/prepaid.md, "The daily pass"): `runPrepaidDailyPass(db, day)`.
 *
 * In one transaction, set-based:
 * 1. every prepaid account with a daily total for `day` and no charge for it yet is charged: the
 *    day's kWh split over the annual tiers from the year-to-date kWh (prepaid-rules.ts `dailyCharge`,
 *    the same arithmetic in SQL: exact numeric, one half-up rounding to fen), priced into a temporary
 *    table; the charges are stored (key account + day, so a second run of a day charges nothing) and
 *    the balances lowered;
 * 2. the day's charges are posted to the ledger as one `prepaid_consumption` event per ledger unit
 *    and customer class (Dr 220301xx prepaid balances / Cr 600101xx sales);
 * 3. notices: accounts that fell below their threshold (low) or below zero since their last notice
 *    get one, through the outbox (SMS and/or e-mail as the customer prefers), held until the end of
 *    quiet hours;
 * 4. one audit record for the run with its counts.
 * Disconnect orders are not made here: `workPrepaidCommands` makes them once a notice is old enough.
 */
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { enqueue, type OutboxMessage } from '../../platform/outbox/outbox.js';
import { badField } from '../../platform/errors.js';
import { billAddressees } from '../customers/index.js';
import { actorOf, type Principal } from '../identity/index.js';
import { ledgerUnitFor, postMoneyEvents, type MoneyEvent } from '../ledger/index.js';
import { noticeSendAfter } from './prepaid-rules.js';
import { usageFromReadsIn } from './read-usage.js';
import { prepaidPolicy } from './store.js';
import type { PassResult, PrepaidPolicy } from './schemas.js';

const PASS_ACTOR: Actor = { id: null, kind: 'system', name: 'prepaid-daily-pass' };
const PASS_LOCK = 7_259_800_620;

/**
 * The day's charges, priced in one statement into a temporary table (tiers in closed form: a plan has
 * at most three tiers, checked by the table), then stored and applied in two plain statements — a
 * CTE feeding the update from INSERT … RETURNING was measured at twice the time (docs/prepaid.md).
 */
const PRICE_SQL = `
CREATE TEMP TABLE prepaid_pass_day ON COMMIT DROP AS
SELECT account_id, kwh, org_path, customer_class,
       round(100 * (
           coalesce(pr[1], 0) * greatest(0, least(before + kwh, coalesce(b[1], before + kwh)) - before)
         + coalesce(pr[2], 0) * greatest(0, least(before + kwh, coalesce(b[2], before + kwh)) - greatest(before, coalesce(b[1], 0)))
         + coalesce(pr[3], 0) * greatest(0, least(before + kwh, coalesce(b[3], before + kwh)) - greatest(before, coalesce(b[2], 0)))
       ), 0)::bigint AS charge_fen
  FROM (SELECT a.account_id, u.kwh, a.org_path, a.customer_class, CASE WHEN a.ytd_year = $2 THEN a.ytd_kwh ELSE 0 END AS before, p.bounds_kwh AS b, p.prices_yuan AS pr
          FROM prepaid_usage u
          JOIN prepaid_accounts a ON a.account_id = u.account_id
          JOIN prepaid_price_plans p ON p.code = a.plan_code
         WHERE u.day = $1 AND NOT EXISTS (SELECT 1 FROM prepaid_charges c WHERE c.account_id = u.account_id AND c.day = $1)) d`;
const STORE_SQL = `INSERT INTO prepaid_charges (account_id, day, kwh, charge_fen, run_id) SELECT account_id, $1, kwh, charge_fen, $2 FROM prepaid_pass_day`;
const APPLY_SQL = `
UPDATE prepaid_accounts a
   SET balance_fen = a.balance_fen - t.charge_fen,
       ytd_kwh = CASE WHEN a.ytd_year = $2 THEN a.ytd_kwh ELSE 0 END + t.kwh,
       ytd_year = $2,
       last_charged_on = greatest(a.last_charged_on, $1::date),
       updated_at = now()
  FROM prepaid_pass_day t WHERE a.account_id = t.account_id`;

export async function runPrepaidDailyPass(db: Db, day: string, opts: { now?: Date; actor?: Actor } = {}): Promise<PassResult> {
  return withTx(db, (tx) => prepaidPassIn(tx, day, opts));
}

/**
 * The same pass in the caller's transaction: the collection daily pass runs it as one of its steps
 * (bench/latefees.ts), so both passes commit together.
 */
export async function prepaidPassIn(tx: Tx, day: string, opts: { now?: Date; actor?: Actor } = {}): Promise<PassResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw badField('day', 'format', '日期格式应为 YYYY-MM-DD', 'the day must be YYYY-MM-DD');
  const started = performance.now();
  const now = opts.now ?? new Date();
  const actor = opts.actor ?? PASS_ACTOR;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PASS_LOCK]);
  const policy = await prepaidPolicy(tx);
  const runId = Number((await tx.query('INSERT INTO prepaid_pass_runs (day) VALUES ($1) RETURNING id', [day])).rows[0].id);
  const t0 = performance.now();
  const year = Number(day.slice(0, 4));
  // accounts charged from meter reads: the reads that arrived become the day's kWh, priced below like a daily total
  const meterReads = await usageFromReadsIn(tx, day, runId);
  // CREATE TABLE AS takes no bind parameters: the day (checked above as YYYY-MM-DD) and its year are written in
  await tx.query(PRICE_SQL.replaceAll('$1', `'${day}'::date`).replaceAll('$2', String(year)));
  await tx.query('ANALYZE prepaid_pass_day');
  const charged = (await tx.query(STORE_SQL, [day, runId])).rowCount ?? 0;
  await tx.query(APPLY_SQL, [day, year]);
  const t1 = performance.now();
  const ledgerEvents = await postConsumption(tx, runId, day);
  await tx.query('DROP TABLE prepaid_pass_day');
  const chargeFen = ledgerEvents.reduce((s, e) => s + e.amounts.energy, 0);
  const t2 = performance.now();
  const notices = await noticesIn(tx, policy, now);
  const t3 = performance.now();
  const sec = (ms: number) => Math.round(ms) / 1000;
  const phases = { charge: sec(t1 - t0), ledger: sec(t2 - t1), notices: sec(t3 - t2) };
  await tx.query('UPDATE prepaid_pass_runs SET charged = $2, charge_fen = $3, low_notices = $4, zero_notices = $5, finished_at = now() WHERE id = $1', [
    runId,
    charged,
    chargeFen,
    notices.low,
    notices.zero,
  ]);
  await recordAudit(tx, actor, {
    action: 'prepaid.pass',
    entity: 'prepaid_pass_run',
    entityId: runId,
    orgUnitId: null,
    after: { day, charged, chargeFen, lowNotices: notices.low, zeroNotices: notices.zero, ledgerEvents: ledgerEvents.length, meterReads },
  });
  return {
    runId,
    day,
    charged,
    chargeFen,
    lowNotices: notices.low,
    zeroNotices: notices.zero,
    ledgerEvents: ledgerEvents.length,
    meterReads,
    seconds: Math.round(performance.now() - started) / 1000,
    phases,
  };
}

/** One ledger event per ledger unit and customer class for this run's charges, summed from the run's temporary table (accounts under no ledger unit are not posted). */
async function postConsumption(tx: Tx, runId: number, day: string): Promise<(MoneyEvent & { amounts: { energy: number } })[]> {
  const { rows } = await tx.query(
    `SELECT org_path, customer_class, sum(charge_fen)::bigint AS fen FROM prepaid_pass_day WHERE charge_fen > 0 GROUP BY org_path, customer_class`,
  );
  const byUnit = new Map<string, { unit: number; cls: string; fen: number }>();
  const units = new Map<string, number | null>();
  for (const r of rows) {
    if (!units.has(r.org_path)) units.set(r.org_path, (await ledgerUnitFor(tx, r.org_path))?.orgUnitId ?? null);
    const unit = units.get(r.org_path);
    if (!unit) continue;
    const key = `${unit}:${r.customer_class}`;
    const e = byUnit.get(key) ?? { unit, cls: r.customer_class, fen: 0 };
    e.fen += Number(r.fen);
    byUnit.set(key, e);
  }
  const events = [...byUnit.values()].map((e) => ({
    type: 'prepaid_consumption' as const,
    id: `pass${runId}:${e.unit}:${e.cls}`,
    orgUnitId: e.unit,
    date: day,
    customerClass: e.cls,
    amounts: { energy: e.fen },
    memo: `预付费日电费 ${day} / prepaid daily consumption`,
  }));
  if (events.length) await postMoneyEvents(tx, events, null);
  return events;
}

/**
 * Notices for accounts that crossed a line since their last notice (set-based: the accounts are
 * picked and marked in one statement; the messages are written to the outbox in batches).
 */
export async function noticesIn(tx: Tx, policy: PrepaidPolicy, now: Date): Promise<{ low: number; zero: number }> {
  const { rows } = await tx.query(
    `SELECT account_id, balance_fen, CASE WHEN balance_fen < 0 THEN 'zero' ELSE 'low' END AS kind
       FROM prepaid_accounts
      WHERE balance_fen < threshold_fen AND ((balance_fen < 0 AND zero_notice_id IS NULL) OR (balance_fen >= 0 AND low_notice_id IS NULL))`,
  );
  let low = 0;
  let zero = 0;
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    const who = await billAddressees(
      tx,
      part.map((r) => Number(r.account_id)),
    );
    const notices = part.map((r) => {
      const a = who.get(Number(r.account_id));
      const wantsSms = a?.phone && (a.prefs?.sms ?? true);
      const wantsMail = a?.email && (a.prefs?.email ?? false);
      const channels = [...(wantsSms ? ['sms'] : []), ...(wantsMail ? ['email'] : [])];
      const sendAfter = noticeSendAfter(now, policy, a?.prefs ? { start: a.prefs.quietStart, end: a.prefs.quietEnd } : null);
      return { accountId: Number(r.account_id), kind: r.kind as 'low' | 'zero', balanceFen: Number(r.balance_fen), channels, sendAfter, a };
    });
    const ids = (
      await tx.query(
        `WITH n AS (
           INSERT INTO prepaid_notices (account_id, kind, balance_fen, channels, send_after)
           SELECT a, k, b, string_to_array(c, ','), s FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[]) AS x(a, k, b, c, s)
           RETURNING id, account_id, kind)
         UPDATE prepaid_accounts p SET low_notice_id = CASE WHEN n.kind = 'low' THEN n.id ELSE p.low_notice_id END,
                zero_notice_id = CASE WHEN n.kind = 'zero' THEN n.id ELSE p.zero_notice_id END, updated_at = now()
           FROM n WHERE p.account_id = n.account_id RETURNING n.id, n.account_id`,
        [
          notices.map((n) => n.accountId),
          notices.map((n) => n.kind),
          notices.map((n) => n.balanceFen),
          notices.map((n) => n.channels.join(',')),
          notices.map((n) => n.sendAfter),
        ],
      )
    ).rows;
    const idOf = new Map(ids.map((r) => [Number(r.account_id), Number(r.id)]));
    const messages: OutboxMessage[] = [];
    for (const n of notices) {
      if (n.kind === 'low') low++;
      else zero++;
      if (!n.a) continue;
      const yuan = (n.balanceFen / 100).toFixed(2);
      const text =
        n.kind === 'low'
          ? `【电费余额提醒】尊敬的客户，您的户号 ${n.a.accountNo} 预付电费余额为 ${yuan} 元，已低于您设定的提醒金额，请及时充值。`
          : `【欠费停电预告】尊敬的客户，您的户号 ${n.a.accountNo} 预付电费余额为 ${yuan} 元，已欠费。请尽快充值，否则将在 ${policy.disconnectAfterNoticeHours} 小时后远程停电；充值后将按时限恢复供电。`;
      const payload = { accountId: n.accountId, noticeId: idOf.get(n.accountId) ?? null, kind: n.kind, balanceFen: n.balanceFen };
      if (n.channels.includes('sms'))
        messages.push({ event: `prepaid.${n.kind}`, channel: 'sms', recipient: n.a.phone!, body: text, payload, notBefore: n.sendAfter });
      if (n.channels.includes('email'))
        messages.push({
          event: `prepaid.${n.kind}`,
          channel: 'email',
          recipient: n.a.email!,
          subject: n.kind === 'low' ? '电费余额提醒' : '欠费停电预告',
          body: text,
          payload,
          notBefore: n.sendAfter,
        });
    }
    for (let j = 0; j < messages.length; j += 1000) await enqueue(tx, messages.slice(j, j + 1000));
  }
  return { low, zero };
}

/** The console's "run the pass for a day" (an administrator), audited as that user. */
export async function runDailyPassAs(db: Db, p: Principal, day: string): Promise<PassResult> {
  return runPrepaidDailyPass(db, day, { actor: actorOf(p) });
}
