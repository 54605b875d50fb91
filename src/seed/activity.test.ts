import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../test/support/db.js';
import { sealAudit, verifyAudit } from '../platform/audit/audit.js';
import { seed } from './seed.js';
import { seedActivity } from './activity.js';

test('demo activity: orders, outages and a planned outage through the services, audited; deterministic per seed', async () => {
  const db = await testDb();
  await seed(db, { customers: 400, seed: 11 });
  const stages = new Set<string>();
  let last = { done: 0, total: 0 };
  const r = await seedActivity(db, {
    seed: 11,
    orders: 40,
    onProgress: (done, total, stage) => {
      stages.add(stage);
      last = { done, total };
    },
  });
  assert.equal(last.done, last.total, 'the progress bar reaches its end');
  assert.ok(stages.has('activity: work orders') && stages.has('activity: outages'), [...stages].join());

  // work orders: every kind of channel, open and closed, closed ones with satisfaction, complaints, late ones
  const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
  const [o] = await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'closed')::int AS closed,
      count(*) FILTER (WHERE status = 'closed' AND satisfaction IS NOT NULL)::int AS rated,
      count(*) FILTER (WHERE status NOT IN ('closed', 'terminated', 'merged'))::int AS open,
      count(*) FILTER (WHERE order_type = 'complaint')::int AS complaints,
      count(*) FILTER (WHERE sla_state IN ('warning', 'breached'))::int AS late,
      count(DISTINCT channel)::int AS channels, count(DISTINCT order_type)::int AS types,
      count(DISTINCT status)::int AS states, min(received_at) AS oldest
    FROM work_orders`);
  assert.equal(r.disputeOrders, 1, 'the demo raises one dispute about an open application');
  assert.equal(o.n, r.orders + 3 + r.disputeOrders, 'the orders, the three fault calls at the desk and the dispute order');
  assert.ok(o.closed >= 5 && o.rated >= 3 && o.open >= 5, JSON.stringify(o));
  assert.ok(o.complaints >= 1 && o.late >= 1, JSON.stringify(o));
  assert.ok(o.channels >= 5 && o.types >= 5 && o.states >= 4, JSON.stringify(o));
  assert.ok(Date.now() - new Date(o.oldest).getTime() > 5 * 86400_000, 'history goes back more than five days');
  // received times lie no further back than each channel allows
  const tooOld = await q(`SELECT w.order_no FROM work_orders w, workorder_settings s
    WHERE w.received_at < w.created_at - make_interval(mins => (s.max_backdate_minutes ->> w.channel)::int)`);
  assert.deepEqual(tooOld, []);
  const [ev] = await q(
    `SELECT count(*) FILTER (WHERE action = 'dispatch')::int AS dispatched, count(*) FILTER (WHERE action = 'handle')::int AS handled FROM order_events`,
  );
  assert.ok(ev.dispatched >= 10 && ev.handled >= 5, JSON.stringify(ev));
  assert.ok((await q(`SELECT 1 FROM callbacks WHERE status = 'done'`)).length >= 3);

  // outages: restored and closed ones with counted interruptions in the past, one going on with linked orders
  assert.ok(r.restoredOutages >= 2, JSON.stringify(r));
  const closed = await q(`SELECT o.id, o.started_at, o.closed_at, count(oc.*)::int AS customers, count(oc.interruption_end)::int AS ended
      FROM outages o JOIN outage_customers oc ON oc.outage_id = o.id AND oc.counted WHERE o.status = 'closed' GROUP BY o.id`);
  assert.equal(closed.length, r.restoredOutages);
  for (const c of closed) {
    assert.equal(c.ended, c.customers, 'every interruption ended');
    const hours = (new Date(c.closed_at).getTime() - new Date(c.started_at).getTime()) / 3600_000;
    assert.ok(hours > 1 && hours < 5, `interrupted for ${hours} h`);
  }
  assert.ok(r.activeOutageId);
  const [active] = await q(`SELECT status, etr, crew_id FROM outages WHERE id = $1`, [r.activeOutageId]);
  assert.equal(active.status, 'crew_assigned');
  assert.ok(active.etr && active.crew_id);
  const linked = await q(`SELECT w.status FROM outage_calls c JOIN work_orders w ON w.id = c.order_id WHERE c.outage_id = $1`, [r.activeOutageId]);
  assert.equal(linked.length, 3);
  assert.ok(
    linked.every((l) => l.status === 'dispatched'),
    JSON.stringify(linked),
  );

  // the planned outage ahead: approved, its customers notified
  assert.ok(r.plannedId);
  const [plan] = await q(
    `SELECT p.status, p.starts_at, count(pc.notified_at)::int AS notified FROM planned_outages p JOIN planned_outage_customers pc ON pc.planned_id = p.id WHERE p.id = $1 GROUP BY p.id`,
    [r.plannedId],
  );
  assert.equal(plan.status, 'approved');
  assert.ok(plan.notified >= 1 && new Date(plan.starts_at).getTime() > Date.now() + 7 * 86400_000);

  // satisfaction (issue 12): months of survey, end-of-call and IVR responses; a plan being carried out
  const [sat] = await q(`SELECT count(DISTINCT method)::int AS methods, count(*) FILTER (WHERE method = 'survey')::int AS surveys,
      count(*) FILTER (WHERE method = 'ivr')::int AS ivr, count(DISTINCT date_trunc('month', responded_at))::int AS months FROM sat_responses`);
  assert.ok(sat.methods === 3 && sat.surveys >= 20 && sat.ivr >= 100 && sat.months >= 4, JSON.stringify(sat));
  const [satPlan] = await q(`SELECT stage, baseline FROM sat_plans`);
  assert.equal(satPlan.stage, 'do');
  assert.ok(satPlan.baseline !== null, 'the plan has a baseline from the demo responses');
  // demo scorecards (同业对标): last month's and this month's runs of the county's three stations, voltage imported
  const runs = await q(`SELECT period, units FROM scorecard_runs ORDER BY period`);
  assert.equal(runs.length, 2);
  assert.ok(runs.every((x) => x.units === 3));
  assert.ok((await q(`SELECT count(*)::int AS n FROM scorecard_voltage_points`))[0].n === 12);
  assert.equal((await q(`SELECT count(*)::int AS n FROM scorecard_inspections`))[0].n, 8, 'a secret visit per station and the hall inspected, each month');

  // demo books: this month belongs to the real postings (the released run's bills, the counter payments) — no synthetic
  // bill or payment, so the receivable moves by exactly the bills released less the principal paid, counted once
  const bj = new Date(Date.now() + 8 * 3_600_000);
  const period = bj.getUTCFullYear() * 100 + bj.getUTCMonth() + 1;
  const [syn] = await q(
    `SELECT count(*)::int AS n FROM ledger_entries WHERE period = $1 AND source_id LIKE 'demo:%' AND source_type IN ('bill_released', 'payment_received')`,
    [period],
  );
  assert.equal(syn.n, 0, 'no synthetic bills or payments in the month of the real ones');
  const [recv] = await q(
    `SELECT coalesce(sum(coalesce(l.debit_fen, 0) - coalesce(l.credit_fen, 0)), 0)::bigint AS n FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id
      WHERE l.period = $1 AND a.code LIKE '112201%'`,
    [period],
  );
  const [billed] = await q(`SELECT coalesce(sum(total_fen), 0)::bigint AS n FROM bills WHERE run_id = $1 AND status = 'released' AND total_fen > 0`, [
    r.billing!.releasedRunId,
  ]);
  const [paidPrincipal] = await q(
    `SELECT coalesce(sum(principal_fen), 0)::bigint AS n, count(*)::int AS payments FROM payments WHERE status = 'posted' AND to_char(paid_on, 'YYYYMM')::int = $1`,
    [period],
  );
  assert.ok(paidPrincipal.payments > 0 && Number(billed.n) > 0);
  assert.equal(Number(recv.n), Number(billed.n) - Number(paidPrincipal.n), 'receivable movement = bills released − principal paid');
  const [tb] = await q(
    `SELECT coalesce(sum(coalesce(debit_fen, 0)), 0)::bigint AS d, coalesce(sum(coalesce(credit_fen, 0)), 0)::bigint AS c FROM ledger_lines WHERE period = $1`,
    [period],
  );
  assert.equal(tb.d, tb.c, 'the month balances');

  // every change audited as the demo staff, marked as the seed's; the chain verifies
  const [aud] = await q(
    `SELECT count(*) FILTER (WHERE action = 'workorder.create')::int AS created, count(*) FILTER (WHERE action = 'outage.close')::int AS closed FROM audit_log`,
  );
  assert.equal(aud.created, o.n);
  assert.equal(aud.closed, r.restoredOutages);
  while (((await sealAudit(db)) ?? 1) > 0) {
    /* seal every round */
  }
  const v = await verifyAudit(db);
  assert.deepEqual([v.ok, v.brokenAt, v.unsealed], [true, null, 0]);

  // the same seed value gives the same activity
  const db2 = await testDb();
  await seed(db2, { customers: 400, seed: 11 });
  const r2 = await seedActivity(db2, { seed: 11, orders: 40 });
  const shape = async (d: typeof db) => (await d.query(`SELECT order_type, subtype, channel, status, service_point_id FROM work_orders ORDER BY id`)).rows;
  assert.deepEqual(await shape(db2), await shape(db));
  assert.deepEqual({ ...r2 }, { ...r });
});

test('demo billing: three months of readings, a released run and one under review, exceptions queued', async () => {
  const db = await testDb();
  await seed(db, { customers: 120, seed: 5 });
  const r = await seedActivity(db, { seed: 5, orders: 20 });
  const b = r.billing!;
  const runs = (await db.query(`SELECT id, status FROM bill_runs ORDER BY id`)).rows.map((x) => [Number(x.id), x.status]);
  assert.deepEqual(runs, [
    [b.releasedRunId, 'released'],
    [b.reviewRunId, 'review'],
  ]);
  const [c] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE run_id = $1 AND status = 'released')::int AS released, count(*) FILTER (WHERE run_id = $2 AND status = 'draft')::int AS draft FROM bills`,
      [b.releasedRunId, b.reviewRunId],
    )
  ).rows;
  assert.ok(c.released >= 100 && c.draft >= 100, JSON.stringify(c));
  const codes = (await db.query(`SELECT DISTINCT code FROM reading_exceptions WHERE status = 'open'`)).rows.map((x) => x.code).sort();
  assert.deepEqual(codes, ['below_last', 'estimated', 'jump']);
  const skipped = (await db.query(`SELECT code, count(*)::int AS n FROM bill_run_exceptions GROUP BY code ORDER BY code`)).rows;
  assert.deepEqual(skipped, [{ code: 'reading_exception', n: 3 }]);
  // the demo's split-settlement agreement issues no interim bill by itself: the schedule is switched off (§19)
  assert.equal((await db.query(`SELECT interim_auto_issue FROM billing_settings`)).rows[0].interim_auto_issue, false);
  assert.equal((await db.query(`SELECT count(*)::int AS n FROM bills WHERE kind = 'interim'`)).rows[0].n, 0);
  // billing parameters (计费参数): last month's bills show the contracted demand's excess, the 40 % floor and the pause
  const p = b.paramAccounts;
  assert.ok(p.excess, JSON.stringify(p));
  const linesOf = async (accountId: number) =>
    (
      await db.query(
        `SELECT l.code, l.quantity::text AS quantity, l.note FROM bill_lines l JOIN bills b ON b.id = l.bill_id AND b.account_id = l.account_id
          WHERE b.run_id = $1 AND b.account_id = $2 AND l.code LIKE 'basic%' ORDER BY l.line_no`,
        [b.reviewRunId, accountId],
      )
    ).rows as { code: string; quantity: string; note: string }[];
  const excess = await linesOf(p.excess);
  assert.deepEqual(
    excess.map((l) => l.code),
    ['basic_demand', 'basic_demand_excess'],
  );
  assert.ok(
    excess.every((l) => /暂停 pause 计费#\d+/.test(l.note) && /计费参数 parameters #\d+/.test(l.note)),
    JSON.stringify(excess),
  );
  // the other two where the county has enough two-part accounts (this small one may not)
  if (p.floored) assert.match((await linesOf(p.floored))[0].note, /按 billed at/);
  if (p.paused) {
    const paused = await linesOf(p.paused);
    assert.ok(paused.length === 2 && paused.every((l) => l.code === 'basic_capacity' && /暂停 pause 计费#\d+/.test(l.note)), JSON.stringify(paused));
  }
});

test('demo prepaid: accounts charged daily, low and below-zero ones, one disconnected, one reconnected on the clock; cash deposits; a gateway statement', async () => {
  const db = await testDb();
  await seed(db, { customers: 400, seed: 9 });
  const r = await seedActivity(db, { seed: 9, orders: 10 });
  const [p] = (
    await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE balance_fen < threshold_fen)::int AS low, count(*) FILTER (WHERE balance_fen < 0)::int AS zero,
              count(*) FILTER (WHERE supply = 'off')::int AS off FROM prepaid_accounts`,
    )
  ).rows;
  assert.ok(p.n >= 100 && p.low >= 5 && p.zero >= 2 && p.off === 1, JSON.stringify(p));
  const cmds = (await db.query(`SELECT kind, status, count(*)::int AS n FROM prepaid_commands GROUP BY 1, 2 ORDER BY 1, 2`)).rows;
  assert.deepEqual(
    cmds.filter((c) => c.status === 'executed'),
    [
      { kind: 'disconnect', status: 'executed', n: 2 },
      { kind: 'reconnect', status: 'executed', n: 1 },
    ],
  );
  assert.equal(Number((await db.query(`SELECT count(DISTINCT day)::int AS n FROM prepaid_charges`)).rows[0].n), 14);
  assert.ok(Number((await db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'prepaid_consumption'`)).rows[0].n) >= 14);

  // cash deposits (deposits-activity.ts): the last days of this month before today, each closed and deposited, the last one short and pending
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const dep = r.deposits!;
  if (Number(today.slice(8)) >= 4) assert.equal(dep.days.length, 3);
  const deposits = (await db.query(`SELECT status, difference_fen::int AS diff FROM cash_deposits ORDER BY deposited_at`)).rows;
  assert.equal(deposits.length, dep.days.length);
  if (dep.days.length) {
    assert.deepEqual(deposits.at(-1), { status: 'pending_approval', diff: -50 }, 'the last slip ¥0.50 short, waiting for approval');
    assert.ok(deposits.slice(0, -1).every((d) => d.status === 'posted' && d.diff === 0));
    assert.equal(
      Number((await db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'cash_deposited'`)).rows[0].n) >= dep.days.length - 1,
      true,
    );
  }
  assert.equal((await db.query(`SELECT 1 FROM cashier_closes WHERE day = $1`, [today])).rowCount, 0, 'today stays open for the demo cashier');

  // the gateway statement (gateway-activity.ts): one line of each outcome, the exceptions' money posted
  assert.ok(r.gateway, 'the demo statement was imported');
  const outcomes = (await db.query(`SELECT outcome, count(*)::int AS n FROM gateway_statement_lines GROUP BY 1 ORDER BY 1`)).rows;
  assert.deepEqual(
    outcomes,
    ['bad_line', 'credited', 'matched', 'mismatch', 'missing_at_gateway', 'not_confirmed', 'unknown_order', 'unmatched_refund'].map((outcome) => ({
      outcome,
      n: 1,
    })),
  );
  assert.equal(r.gateway!.exceptions, 6);
  const kinds = (await db.query(`SELECT source_type, count(*)::int AS n FROM ledger_entries WHERE source_type LIKE 'gateway_%' GROUP BY 1 ORDER BY 1`)).rows;
  assert.deepEqual(
    kinds.map((k) => k.source_type),
    ['gateway_difference', 'gateway_settled'],
  );
  assert.equal(kinds[0].n, 3, 'mismatch, unknown order, unknown refund');
  const unbalanced = await db.query(
    `SELECT e.id FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id WHERE e.source_type LIKE 'gateway_%' OR e.source_type = 'cash_deposited'
      GROUP BY e.id HAVING sum(l.debit_fen) <> sum(l.credit_fen)`,
  );
  assert.equal(unbalanced.rowCount, 0);
});
