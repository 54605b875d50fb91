/**
 * The payment gateway's daily settlement statement (对账单), docs/payments.md "Gateway statement".
 *
 * Import of a day's statement (payments.collect), downloaded through the gateway contract:
 * 1. The reply is signed (the adapter verifies it); its file's SHA-256 and totals must agree with its
 *    lines, else nothing is written (409 STATEMENT_INCONSISTENT with the reasons).
 * 2. Once per day: the same file again answers the first import (`replayed`, nothing new); another file
 *    for a day already imported is refused (409 STATEMENT_CHANGED).
 * 3. Each line reconciled (statement-rules.ts): matched; our order still open → the gateway is queried
 *    and a paid answer credited through the same application as a callback (`credited`; one that is not
 *    confirmed stays an exception `not_confirmed`); unknown order, mismatch, unmatched refund, bad line →
 *    exceptions with their reasons. Our online payments of that day that the statement lacks are
 *    flagged `missing_at_gateway`.
 * 4. The matched and credited payments are settled to the bank: `gateway_settled` per ledger unit
 *    (`gwsettle:<statement>:<unit>`) { bank = gross − fee, fee, gross }: Dr 100201 bank + Dr 660301 fees /
 *    Cr 101201 collections in transit, dated the import day. Exceptions are not posted.
 * Steps 3–4 finish in their own transactions; an import cut short in between is finished by importing
 * the same statement again. Audited `gateway_statement.import`; a clerk's note on an exception
 * `gateway_statement.resolve`.
 */
import { createHash } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import type { Config } from '../../config.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { badField, conflict, DomainError, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { postMoneyEvents, todayBeijing, type MoneyEvent } from '../ledger/index.js';
import { downloadStatement, queryGatewayOrder } from './gateway-client.js';
import { applyReport, settingsOrOff } from './online.js';
import { postStatementExceptions, settlesPayment } from './statement-exceptions.js';
import { parseStatement, reconcileLine, totalsProblems, type OurOrder, type OurRefund } from './statement-rules.js';
import type { StatementLineOut, StatementOut } from './schemas.js';

const EXCEPTIONS = ['unknown_order', 'mismatch', 'not_confirmed', 'missing_at_gateway', 'bad_line', 'unmatched_refund'];

const toStatement = (r: Record<string, any>, replayed = false): StatementOut => ({
  id: Number(r.id),
  date: r.day,
  lines: r.lines,
  grossFen: Number(r.gross_fen),
  refundFen: Number(r.refund_fen),
  feeFen: Number(r.fee_fen),
  netFen: Number(r.net_fen),
  matched: r.matched,
  credited: r.credited,
  exceptions: r.exceptions,
  settledGrossFen: Number(r.settled_gross_fen),
  settledFeeFen: Number(r.settled_fee_fen),
  ledgerSources: Object.keys(r.postings as Record<string, unknown>)
    .map(Number)
    .sort((a, b) => a - b)
    .map((u) => `gwsettle:${r.id}:${u}`),
  unpostedFen: Number(r.unposted_fen),
  importedAt: r.imported_at,
  replayed,
});

/** Who imports a statement: a user through the API, or the daily fetch (statement-fetch.ts) as the system. */
export interface Importer {
  userId: number | null;
  actor: Actor;
  orgUnitId: number | null;
}
const importerOf = (p: Principal): Importer => ({ userId: p.id, actor: actorOf(p), orgUnitId: p.orgUnitId });

const toLine = (r: Record<string, any>): StatementLineOut => ({
  id: Number(r.id),
  statementId: Number(r.statement_id),
  lineNo: r.line_no,
  kind: r.kind,
  orderNo: r.order_no,
  gatewayTxnId: r.gateway_txn_id,
  refundNo: r.refund_no,
  amountFen: Number(r.amount_fen),
  feeFen: Number(r.fee_fen),
  outcome: r.outcome,
  reasons: r.reasons,
  paymentId: r.payment_id === null ? null : Number(r.payment_id),
  raw: r.raw,
  resolvedBy: r.resolved_by === null ? null : Number(r.resolved_by),
  resolvedAt: r.resolved_at,
  resolution: r.resolution,
  ledgerSource: r.ledger_source,
});

const statementById = async (q: Queryable, id: number) =>
  (await q.query(`SELECT *, to_char(statement_date, 'YYYY-MM-DD') AS day FROM gateway_statements WHERE id = $1`, [id])).rows[0];

/** Download, check and import a day's statement, then finish it (query, flag, settle). */
export async function importStatement(db: Db, p: Principal, config: Config, date: string): Promise<StatementOut> {
  return importStatementAs(db, importerOf(p), config, date);
}

/** `today` (Beijing) is a parameter for the daily fetch's tests; the settlement and exception postings are dated it. */
export async function importStatementAs(db: Db, p: Importer, config: Config, date: string, today = todayBeijing()): Promise<StatementOut> {
  const s = settingsOrOff(config);
  if (date > today) throw badField('date', 'future', '不能对账未来的日期', 'a day in the future has no statement');
  const st = await downloadStatement(s, date);
  const sha = createHash('sha256').update(st.content, 'utf8').digest('hex');
  const parsed = parseStatement(st.content);
  const problems = [...(sha === st.sha256 ? [] : [`sha256 declared ${st.sha256}, content ${sha}`]), ...totalsProblems(parsed, st)];
  if (problems.length)
    throw new DomainError(
      'conflict',
      'STATEMENT_INCONSISTENT',
      `对账单不一致：${problems.join('；')}`,
      `the statement does not add up: ${problems.join('; ')}`,
    );
  const first = await withTx(db, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:statement:' || $1, 0))`, [date]);
    const prior = (await tx.query(`SELECT id, sha256, completed_at FROM gateway_statements WHERE statement_date = $1`, [date])).rows[0];
    if (prior) {
      if (prior.sha256 !== sha)
        throw conflict(
          `${date} 的对账单已导入，内容不同`,
          `the statement of ${date} was imported before with other content`,
          { statementId: Number(prior.id) },
          'STATEMENT_CHANGED',
        );
      return { id: Number(prior.id), replayed: prior.completed_at !== null };
    }
    const id = Number(
      (
        await tx.query(
          `INSERT INTO gateway_statements (statement_date, sha256, lines, gross_fen, refund_fen, fee_fen, net_fen, content, imported_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
          [date, sha, st.lines, st.grossFen, st.refundFen, st.feeFen, st.netFen, st.content, p.userId],
        )
      ).rows[0].id,
    );
    const orderNos = [...new Set(parsed.lines.filter((l) => l.kind === 'pay').map((l) => l.orderNo))];
    const orders = new Map<string, OurOrder & { orgPath: string }>(
      (
        await tx.query(`SELECT order_no, status, amount_fen, gateway_txn_id, payment_id, org_path FROM online_orders WHERE order_no = ANY($1::text[])`, [
          orderNos,
        ])
      ).rows.map((r) => [
        r.order_no,
        {
          orderNo: r.order_no,
          status: r.status,
          amountFen: Number(r.amount_fen),
          gatewayTxnId: r.gateway_txn_id,
          paymentId: r.payment_id === null ? null : Number(r.payment_id),
          orgPath: r.org_path,
        },
      ]),
    );
    const refundNos = parsed.lines.filter((l) => l.kind === 'refund').map((l) => l.refundNo!);
    const refunds = new Map<string, OurRefund & { orgPath: string }>(
      (
        await tx.query(
          `SELECT r.gateway_refund_no, r.amount_fen, r.status, coalesce(o.org_path, '/') AS org_path
             FROM payment_requests r LEFT JOIN online_orders o ON o.payment_id = r.payment_id WHERE r.gateway_refund_no = ANY($1::text[])`,
          [refundNos],
        )
      ).rows.map((r) => [r.gateway_refund_no, { refundNo: r.gateway_refund_no, amountFen: Number(r.amount_fen), status: r.status, orgPath: r.org_path }]),
    );
    // a payment of ours matched by an earlier statement is not settled twice
    const earlier = new Map<number, string>(
      (
        await tx.query(
          `SELECT l.payment_id, to_char(s.statement_date, 'YYYY-MM-DD') AS day FROM gateway_statement_lines l JOIN gateway_statements s ON s.id = l.statement_id
            WHERE l.payment_id = ANY($1::bigint[]) AND ${settlesPayment('l')}`,
          [[...orders.values()].map((o) => o.paymentId).filter((x) => x !== null)],
        )
      ).rows.map((r) => [Number(r.payment_id), r.day]),
    );
    const rows: unknown[][] = [];
    for (const l of parsed.lines) {
      const o = l.kind === 'pay' ? orders.get(l.orderNo) : undefined;
      const rf = l.kind === 'refund' ? refunds.get(l.refundNo!) : undefined;
      const r = reconcileLine(l, o, rf);
      if (r.outcome === 'matched' && o?.paymentId && earlier.has(o.paymentId)) {
        r.outcome = 'mismatch';
        r.reasons.push(`该交易已在 ${earlier.get(o.paymentId)} 的对账单中结算 / already settled in the statement of ${earlier.get(o.paymentId)}`);
      }
      if (r.outcome === 'matched' && o?.paymentId) earlier.set(o.paymentId, date);
      const outcome = r.outcome === 'needs_query' ? 'not_confirmed' : r.outcome;
      const paymentId = o?.paymentId ?? null;
      rows.push([
        l.lineNo,
        l.kind,
        l.orderNo,
        l.gatewayTxnId,
        l.refundNo,
        l.amountFen,
        l.feeFen,
        l.time,
        outcome,
        JSON.stringify(r.reasons),
        paymentId,
        o?.orgPath ?? rf?.orgPath ?? '/',
        l.raw,
      ]);
    }
    for (const b of parsed.bad) rows.push([b.lineNo, 'pay', null, null, null, 0, 0, null, 'bad_line', JSON.stringify([b.reason]), null, '/', b.raw]);
    for (const r of rows)
      await tx.query(
        `INSERT INTO gateway_statement_lines (statement_id, line_no, kind, order_no, gateway_txn_id, refund_no, amount_fen, fee_fen, paid_at, outcome, reasons, payment_id, org_path, raw)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
        [id, ...r],
      );
    return { id, replayed: false };
  });
  if (first.replayed) return toStatement(await statementById(db, first.id), true);
  await creditOpenOrders(db, config, first.id);
  return finishStatement(db, p, first.id, date, today);
}

/** Lines whose order was still open on our side: ask the gateway; a paid answer is credited (a lost callback), the line `credited`. */
async function creditOpenOrders(db: Db, config: Config, statementId: number): Promise<void> {
  const s = settingsOrOff(config);
  const { rows } = await db.query(
    `SELECT id, order_no, gateway_txn_id, amount_fen FROM gateway_statement_lines WHERE statement_id = $1 AND outcome = 'not_confirmed' AND resolved_at IS NULL ORDER BY id`,
    [statementId],
  );
  for (const l of rows) {
    let why: string;
    try {
      const g = await queryGatewayOrder(s, l.order_no);
      if (g.status === 'paid' && g.gatewayTxnId === l.gateway_txn_id && g.amountFen === Number(l.amount_fen)) {
        await applyReport(db, l.order_no, { status: g.status, amountFen: g.amountFen, gatewayTxnId: g.gatewayTxnId }, 'query');
        const o = (await db.query(`SELECT payment_id FROM online_orders WHERE order_no = $1 AND status = 'paid'`, [l.order_no])).rows[0];
        if (o?.payment_id) {
          await db.query(`UPDATE gateway_statement_lines SET outcome = 'credited', payment_id = $2, reasons = reasons || $3::jsonb WHERE id = $1`, [
            l.id,
            o.payment_id,
            JSON.stringify(['网关查询确认已支付，已入账 / confirmed paid by the gateway query and credited']),
          ]);
          continue;
        }
        why = '查询后订单仍未入账 / the order is still not paid after the query';
      } else why = `网关查询结果：${g.status}，交易号 ${g.gatewayTxnId ?? '—'}，金额 ${g.amountFen} 分 / the gateway answers ${g.status}`;
    } catch (e) {
      why = `查询失败 / query failed: ${(e as Error).message.slice(0, 300)}`;
    }
    await db.query(`UPDATE gateway_statement_lines SET reasons = reasons || $2::jsonb WHERE id = $1`, [l.id, JSON.stringify([why])]);
  }
}

/** Flag our payments the statement lacks, post the settlement of the matched and credited payments, count, audit; once. */
async function finishStatement(db: Db, p: Importer, id: number, date: string, today: string): Promise<StatementOut> {
  return withTx(db, async (tx) => {
    const st = (await tx.query(`SELECT completed_at FROM gateway_statements WHERE id = $1 FOR UPDATE`, [id])).rows[0];
    if (st.completed_at !== null) return toStatement(await statementById(tx, id), true);
    await tx.query(
      `INSERT INTO gateway_statement_lines (statement_id, kind, order_no, gateway_txn_id, amount_fen, outcome, reasons, payment_id, org_path)
       SELECT $1, 'ours', o.order_no, p.reference, p.amount_fen, 'missing_at_gateway',
              jsonb_build_array('本系统已收、对账单无此交易 / paid on our side, not in the statement'), p.id, o.org_path
         FROM payments p JOIN online_orders o ON o.payment_id = p.id
        WHERE p.channel = 'online' AND p.status = 'posted' AND p.paid_on = $2::date
          AND NOT EXISTS (SELECT 1 FROM gateway_statement_lines l WHERE l.payment_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM gateway_statement_lines l WHERE l.statement_id = $1 AND l.gateway_txn_id = p.reference)`,
      [id, date],
    );
    const units = (
      await tx.query(
        `SELECT coalesce(p.ledger_unit_id, 0) AS unit, sum(l.amount_fen)::bigint AS gross, sum(l.fee_fen)::bigint AS fee
           FROM gateway_statement_lines l JOIN payments p ON p.id = l.payment_id
          WHERE l.statement_id = $1 AND l.kind = 'pay' AND l.outcome IN ('matched', 'credited') GROUP BY 1 ORDER BY 1`,
        [id],
      )
    ).rows.map((r) => ({ unit: Number(r.unit), gross: Number(r.gross), fee: Number(r.fee) }));
    const posted = units.filter((u) => u.unit !== 0);
    const events: MoneyEvent[] = posted.map((u) => ({
      type: 'gateway_settled',
      id: `gwsettle:${id}:${u.unit}`,
      orgUnitId: u.unit,
      date: today,
      amounts: { bank: u.gross - u.fee, fee: u.fee, gross: u.gross },
      memo: `网关结算 / gateway settlement ${date}`,
    }));
    if (events.length) await postMoneyEvents(tx, events, p.userId);
    await tx.query(
      `UPDATE gateway_statement_lines l SET ledger_source = 'gwsettle:' || l.statement_id || ':' || p.ledger_unit_id
         FROM payments p WHERE p.id = l.payment_id AND l.statement_id = $1 AND l.kind = 'pay' AND l.outcome IN ('matched', 'credited') AND p.ledger_unit_id IS NOT NULL`,
      [id],
    );
    const exceptionSources = await postStatementExceptions(tx, id, date, today, p.userId);
    const counts = (
      await tx.query(
        `SELECT count(*) FILTER (WHERE outcome = 'matched')::int AS matched, count(*) FILTER (WHERE outcome = 'credited')::int AS credited,
                count(*) FILTER (WHERE outcome = ANY($2::text[]))::int AS exceptions
           FROM gateway_statement_lines WHERE statement_id = $1`,
        [id, EXCEPTIONS],
      )
    ).rows[0];
    const postings = Object.fromEntries(posted.map((u) => [String(u.unit), { bank: u.gross - u.fee, fee: u.fee, gross: u.gross }]));
    await tx.query(
      `UPDATE gateway_statements SET matched = $2, credited = $3, exceptions = $4, settled_gross_fen = $5, settled_fee_fen = $6, postings = $7,
              unposted_fen = $8, completed_at = now() WHERE id = $1`,
      [
        id,
        counts.matched,
        counts.credited,
        counts.exceptions,
        units.reduce((s, u) => s + u.gross, 0),
        units.reduce((s, u) => s + u.fee, 0),
        JSON.stringify(postings),
        units.filter((u) => u.unit === 0).reduce((s, u) => s + u.gross - u.fee, 0),
      ],
    );
    const out = toStatement(await statementById(tx, id));
    await recordAudit(tx, p.actor, {
      action: 'gateway_statement.import',
      entity: 'gateway_statement',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { ...out, postings, exceptionSources },
    });
    return out;
  });
}

export async function listStatements(db: Db): Promise<StatementOut[]> {
  const { rows } = await db.query(`SELECT *, to_char(statement_date, 'YYYY-MM-DD') AS day FROM gateway_statements ORDER BY statement_date DESC LIMIT 100`);
  return rows.map((r) => toStatement(r));
}

/** A statement's lines (those in the caller's org scope; company-wide lines carry the root path). */
export async function statementLines(db: Db, p: Principal, id: number): Promise<StatementLineOut[]> {
  if (!(await statementById(db, id))) throw notFound('Gateway statement', '对账单');
  const { rows } = await db.query(
    `SELECT * FROM gateway_statement_lines WHERE statement_id = $1 AND (org_path LIKE $2 || '%' OR org_path = '/') ORDER BY line_no NULLS LAST, id`,
    [id, p.orgPath],
  );
  return rows.map(toLine);
}

/** The exceptions (open only, by default) for the console's screen. */
export async function statementExceptions(db: Db, p: Principal, open = true): Promise<StatementLineOut[]> {
  const { rows } = await db.query(
    `SELECT * FROM gateway_statement_lines WHERE outcome = ANY($1::text[]) AND ($2::boolean IS FALSE OR resolved_at IS NULL)
        AND (org_path LIKE $3 || '%' OR org_path = '/') ORDER BY id DESC LIMIT 500`,
    [EXCEPTIONS, open, p.orgPath],
  );
  return rows.map(toLine);
}

/** A clerk's note that an exception has been looked into (audited; no money moves). */
export async function resolveException(db: Db, p: Principal, id: number, resolution: string): Promise<StatementLineOut> {
  return withTx(db, async (tx) => {
    const r = (
      await tx.query(`SELECT * FROM gateway_statement_lines WHERE id = $1 AND (org_path LIKE $2 || '%' OR org_path = '/') FOR UPDATE`, [id, p.orgPath])
    ).rows[0];
    if (!r || !EXCEPTIONS.includes(r.outcome)) throw notFound('Statement exception', '对账异常');
    if (r.resolved_at) throw conflict('该异常已处理', 'the exception is already resolved', {}, 'ALREADY_RESOLVED');
    const u = (
      await tx.query(`UPDATE gateway_statement_lines SET resolved_by = $2, resolved_at = now(), resolution = $3 WHERE id = $1 RETURNING *`, [
        id,
        p.id,
        resolution,
      ])
    ).rows[0];
    const out = toLine(u);
    await recordAudit(tx, actorOf(p), {
      action: 'gateway_statement.resolve',
      entity: 'gateway_statement_line',
      entityId: id,
      orgUnitId: p.orgUnitId,
      before: { outcome: r.outcome },
      after: out,
    });
    return out;
  });
}

/**
 * Lines left `not_confirmed` by finished statements (the gateway's query failed or did not confirm the payment
 * then): asked again, through the same query-and-apply as a lost callback (`applyReport`, idempotent under the
 * order's lock: an order paid meanwhile is a replay, never paid twice). A line confirmed now is `credited` and
 * settled on its own: `gateway_settled` `gwsettle:<statement>:<unit>:<line>`, dated today; the statement's counts
 * follow; audited `gateway_statement.credit`. Returns how many lines were credited.
 */
export async function recheckUnconfirmed(db: Db, p: Importer, config: Config, today = todayBeijing()): Promise<number> {
  const stmts = (
    await db.query(
      `SELECT DISTINCT l.statement_id FROM gateway_statement_lines l JOIN gateway_statements s ON s.id = l.statement_id
        WHERE l.outcome = 'not_confirmed' AND l.resolved_at IS NULL AND s.completed_at IS NOT NULL ORDER BY 1`,
    )
  ).rows.map((r) => Number(r.statement_id));
  let credited = 0;
  for (const id of stmts) {
    await creditOpenOrders(db, config, id);
    credited += await withTx(db, async (tx) => {
      const { rows } = await tx.query(
        `SELECT l.id, l.amount_fen, l.fee_fen, l.org_path, l.payment_id, p.ledger_unit_id FROM gateway_statement_lines l JOIN payments p ON p.id = l.payment_id
          WHERE l.statement_id = $1 AND l.outcome = 'credited' AND l.ledger_source IS NULL ORDER BY l.id FOR UPDATE OF l`,
        [id],
      );
      for (const l of rows) {
        // a payment of a unit that keeps no books is counted unposted, as in the statement's own settlement
        const unit = l.ledger_unit_id !== null ? Number(l.ledger_unit_id) : null;
        const gross = Number(l.amount_fen),
          fee = Number(l.fee_fen);
        const source = unit === null ? null : `gwsettle:${id}:${unit}:${l.id}`;
        if (unit !== null)
          await postMoneyEvents(
            tx,
            [
              {
                type: 'gateway_settled',
                id: source!,
                orgUnitId: unit,
                date: today,
                amounts: { bank: gross - fee, fee, gross },
                memo: `网关结算（补） / late credit, line ${l.id}`,
              },
            ],
            p.userId,
          );
        await tx.query(`UPDATE gateway_statement_lines SET ledger_source = $2, posting = $3 WHERE id = $1`, [
          l.id,
          source ?? 'unposted',
          JSON.stringify({ bank: gross - fee, fee, gross }),
        ]);
        await tx.query(
          `UPDATE gateway_statements SET credited = credited + 1, exceptions = exceptions - 1, settled_gross_fen = settled_gross_fen + $2,
                  settled_fee_fen = settled_fee_fen + $3, unposted_fen = unposted_fen + $4 WHERE id = $1`,
          [id, gross, fee, unit === null ? gross - fee : 0],
        );
        await recordAudit(tx, p.actor, {
          action: 'gateway_statement.credit',
          entity: 'gateway_statement_line',
          entityId: Number(l.id),
          orgUnitId: p.orgUnitId,
          after: { statementId: id, paymentId: Number(l.payment_id), ledgerSource: source, gross, fee },
        });
      }
      return rows.length;
    });
  }
  return credited;
}
