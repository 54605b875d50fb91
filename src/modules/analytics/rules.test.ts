import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueLogReader } from './calls-rules.js';
import { parseQueueLogLine } from './queuelog-rules.js';
import { DEFAULT_KPI_POLICY, abandonHeatmap, kpisBy, kpisByInterval, kpisOf, type KpiPolicy } from './kpi-rules.js';
import { erlangAt, erlangB, erlangC, forecastInterval, requiredAgents } from './erlang-rules.js';
import { parseCallsCsv } from './csv-rules.js';
import { BASE, HAND_LOG } from './fixtures/hand.js';

const close = (a: number | null, b: number, eps = 1e-4) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test('the reader turns the hand-written log into calls, agent spans and problems', () => {
  const r = QueueLogReader.readAll(HAND_LOG);
  const by = Object.fromEntries(r.calls.map((c) => [c.ctiCallId, c]));
  assert.deepEqual(Object.keys(by).sort(), ['c1', 'c10', 'c11', 'c12', 'c13', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
  assert.deepEqual(Object.fromEntries(r.calls.map((c) => [c.ctiCallId, c.outcome])), {
    c1: 'answered',
    c2: 'abandoned',
    c3: 'abandoned',
    c4: 'answered',
    c5: 'timeout',
    c6: 'exit_empty',
    c7: 'exit_key',
    c8: 'transferred',
    c9: 'transferred',
    c10: 'transferred',
    c11: 'answered',
    c12: 'abandoned',
    c13: 'rejected',
  });
  assert.deepEqual(
    {
      enter: by.c1.enterAt - BASE,
      wait: by.c1.waitS,
      agent: by.c1.agent,
      ring: by.c1.ringS,
      talk: by.c1.talkS,
      rings: by.c1.ringsBeforeAnswer,
      caller: by.c1.callerId,
      answered: by.c1.answeredAt! - BASE,
      end: by.c1.endAt - BASE,
    },
    { enter: 10, wait: 15, agent: 'Agent/1002', ring: 3, talk: 120, rings: 1, caller: '13800000001', answered: 25, end: 145 },
  );
  assert.equal(by.c2.abandonedWhileRinging, true, 'the caller hung up while Agent/1001 was ringing');
  assert.equal(by.c3.abandonedWhileRinging, false);
  assert.equal(by.c2.waitS, 10);
  assert.equal(by.c7.exitKey, '5');
  assert.equal(by.c7.waitS, 12);
  assert.equal(by.c5.waitS, 300);
  assert.equal(by.c8.transferTo, '8001@from-internal');
  assert.deepEqual([by.c9.waitS, by.c9.talkS, by.c9.agent, by.c9.transferTo], [7, 50, 'Agent/1001', 'BRIDGE@b-77']);
  assert.deepEqual([by.c10.waitS, by.c10.talkS], [6, 30]);
  assert.equal(by.c11.ringsBeforeAnswer, 1, 'AGENTDUMP counts as a ring before answer');
  assert.equal(by.c13.enterAt, BASE + 220);
  assert.deepEqual(r.problems.kept.map((p) => [p.reason, p.line]).sort(), [
    ['bad_time', 42],
    ['incomplete_call', 49],
    ['out_of_order', 44],
    ['truncated', 40],
    ['unknown_event', 41],
  ]);
  assert.equal(r.lines, 52);
  const spans = (agent: string, state: string) => r.spans.filter((s) => s.agent === agent && s.state === state).map((s) => [s.from - BASE, s.to - BASE]);
  assert.deepEqual(spans('Agent/1001', 'available'), [
    [1, 300],
    [400, 600],
  ]);
  assert.deepEqual(spans('Agent/1001', 'paused'), [[300, 400]]);
  assert.equal(r.spans.find((s) => s.agent === 'Agent/1001' && s.state === 'paused')!.reason, 'lunch');
  assert.deepEqual(spans('Agent/1002', 'available'), [[1, 600]]);
  assert.deepEqual(spans('Agent/1003', 'paused'), [[299, 410]]);
});

test('calls whose ENTERQUEUE is before the file: enter time from the answer or from the end', () => {
  const r = QueueLogReader.readAll(
    [
      '1000|a|q|Agent/1|CONNECT|30|a1|2',
      '1100|a|q|Agent/1|COMPLETECALLER|30|100|1',
      '1200|b|q|Agent/1|COMPLETEAGENT|20|60|1',
      '1300|c|q|NONE|ABANDON|1|1|45',
    ].join('\n'),
  );
  assert.deepEqual(
    r.calls.map((c) => [c.ctiCallId, c.enterAt, c.answeredAt, c.endAt]),
    [
      ['a', 970, 1000, 1100],
      ['b', 1120, 1140, 1200],
      ['c', 1255, null, 1300],
    ],
  );
});

test('platform refusals at the door (CLOSED, JOINEMPTY, DIVERT_*) are rejected calls, never offered', () => {
  const r = QueueLogReader.readAll(
    ['10|r1|q|NONE|CLOSED|', '11|r2|q|NONE|JOINEMPTY|1|1|0', '12|r3|q|NONE|DIVERT_HOLDTIME|90', '13|r4|q|NONE|JOINUNAVAIL|'].join('\n'),
  );
  assert.deepEqual(
    r.calls.map((c) => c.outcome),
    ['rejected', 'rejected', 'rejected', 'rejected'],
  );
  const k = kpisOf(r.calls, [], DEFAULT_KPI_POLICY);
  assert.deepEqual([k.offered, k.rejected, k.serviceLevel], [0, 4, null]);
});

test('a bad line is a problem, never an exception', () => {
  for (const l of ['', '|||', 'x|y|z|w|ENTERQUEUE', '1|u|q|m|CONNECT', '1||q|m|ABANDON|1|1|1', '1|u|q|m|ABANDON|1', `${'9'.repeat(400)}|u|q|m|X`]) {
    const r = parseQueueLogLine(l, 1);
    assert.ok(r === null || 'reason' in r, l);
  }
});

test('KPIs of the hand-written log: counts, rates, all three service levels, ASA, AHT, occupancy', () => {
  const r = QueueLogReader.readAll(HAND_LOG);
  const k = kpisOf(r.calls, r.spans, DEFAULT_KPI_POLICY);
  assert.deepEqual(
    [k.offered, k.answered, k.abandoned, k.shortAbandons, k.overflow, k.rejected, k.answeredWithinT, k.abandonedWithinT, k.abandonedWhileRinging],
    [9, 6, 3, 1, 3, 1, 5, 2, 1],
  );
  close(k.abandonRate, 3 / 9);
  close(k.abandonRateAdjusted, 2 / 8);
  close(k.sl.abandonsIgnored, 5 / 6);
  close(k.sl.abandonsAgainst, 5 / 8);
  close(k.sl.abandonsFor, 7 / 8);
  assert.equal(k.serviceLevel, k.sl.abandonsAgainst);
  assert.equal(k.slConvention, 'abandons_against');
  close(k.asaS, 75 / 6);
  close(k.avgQueueS, 105 / 9);
  close(k.ringsBeforeAnswer, 2 / 6);
  close(k.ahtS, 65);
  assert.deepEqual([k.talkS, k.availableS, k.pausedS], [390, 499 + 599 + 488, 100 + 111]);
  close(k.occupancy, 390 / 1586);
  // overflow counted as abandoned, a wrap time, another convention
  const p: KpiPolicy = { ...DEFAULT_KPI_POLICY, overflowAs: 'abandoned', wrapUpS: 10, slConvention: 'abandons_for' };
  const k2 = kpisOf(r.calls, r.spans, p);
  assert.deepEqual([k2.offered, k2.abandoned, k2.overflow, k2.shortAbandons, k2.abandonedWithinT], [12, 6, 0, 2, 3]);
  close(k2.serviceLevel, (5 + 3) / 10);
  close(k2.ahtS, 75);
});

test('KPIs by interval, queue and agent; the heat map', () => {
  const r = QueueLogReader.readAll(HAND_LOG);
  const p: KpiPolicy = { ...DEFAULT_KPI_POLICY, intervalMinutes: 15 };
  const rows = kpisByInterval(r.calls, r.spans, p, BASE, BASE + 3600);
  assert.equal(rows.length, 4);
  assert.equal(rows[0].start, BASE);
  assert.equal(rows[0].offered, 9);
  assert.equal(rows[1].offered, 0);
  assert.equal(rows[1].serviceLevel, null);
  const agents = kpisBy(
    r.calls,
    r.spans,
    p,
    (c) => c.agent,
    (s) => s.agent,
  );
  const a2 = agents.find((a) => a.key === 'Agent/1002')!;
  assert.deepEqual([a2.answered, a2.talkS, a2.availableS], [2, 150, 599]);
  close(a2.occupancy, 150 / 599);
  const queues = kpisBy(r.calls, [], p, (c) => c.queue, null);
  assert.deepEqual(
    queues.map((q) => [q.key, q.offered]),
    [['95598', 9]],
  );
  const heat = abandonHeatmap(r.calls, { ...p, intervalMinutes: 60 });
  const cell = heat.find((h) => h.offered > 0)!;
  assert.deepEqual([cell.weekday, cell.slot, cell.offered, cell.abandoned], [4, 8, 9, 3]); // Thursday, 08:00 local
});

test('Erlang C: the published check of pyworkforce (100 calls / 30 min, AHT 3 min, 80 % in 20 s, occupancy ≤ 85 %, shrinkage 30 %)', () => {
  const r = requiredAgents({ calls: 100, intervalS: 1800, ahtS: 180, targetS: 20, targetSl: 0.8, maxOccupancy: 0.85, shrinkage: 0.3 });
  assert.equal(r.agents, 14);
  assert.equal(r.scheduled, 20);
  close(r.serviceLevel, 0.8884);
  close(r.occupancy, 0.7143);
  close(r.pWait, 0.1741);
  // the full digits pyworkforce 0.1.0 prints, and the ASA of R's ErlangC package for the same case
  close(r.serviceLevel, 0.8883500191794669, 1e-12);
  close(r.pWait, 0.1741319335950498, 1e-12);
  close(r.asaS, 7.83593701177724, 1e-9);
  assert.equal(r.trafficErlangs, 10);
  // Erlang B recursion against the closed form for small numbers
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const closed = (a: number, n: number) => a ** n / fact(n) / Array.from({ length: n + 1 }, (_, k) => a ** k / fact(k)).reduce((x, y) => x + y, 0);
  close(erlangB(3.5, 6), closed(3.5, 6), 1e-12);
  assert.ok(erlangC(3.5, 6) > erlangB(3.5, 6));
});

test('Erlang C edge cases: A ≥ N, zero traffic, unreachable targets', () => {
  const over = erlangAt(10, 10, 180, 20);
  assert.deepEqual([over.pWait, over.asaS, over.serviceLevel], [1, null, 0]);
  const none = requiredAgents({ calls: 0, intervalS: 1800, ahtS: 180, targetS: 20, targetSl: 0.8, maxOccupancy: 0.85, shrinkage: 0.3 });
  assert.deepEqual([none.agents, none.scheduled, none.pWait, none.serviceLevel], [0, 0, 0, 1]);
  const occ = requiredAgents({ calls: 100, intervalS: 1800, ahtS: 180, targetS: 20, targetSl: 0.01, maxOccupancy: 0.5, shrinkage: 0 });
  assert.equal(occ.agents, 20, 'the occupancy cap decides when the service level is easy');
});

test('forecast: mean of the same weekday and interval over the last weeks', () => {
  const t = BASE + 28 * 86400;
  const h = new Map([1, 2, 3].map((w) => [t - w * 7 * 86400, { start: t - w * 7 * 86400, offered: w * 10, handleS: w * 10 * 200, answered: w * 10 }]));
  const f = forecastInterval(h, t, 4, 180);
  close(f.calls, 60 / 4);
  close(f.ahtS, 200);
  const g = forecastInterval(h, t, 4, 180, t - 3 * 7 * 86400); // history begins three weeks back
  assert.equal(g.weeksSeen, 3);
  close(g.calls, 60 / 3);
  assert.equal(forecastInterval(h, t, 4, 180, t).calls, 0, 'no history: no calls forecast');
});

test('the generic CSV layout maps to the same call records', () => {
  const csv =
    'call_id,queue,enter_at,outcome,wait_s,agent,talk_s,rings\n' +
    'a1,95598,2026-01-01T08:00:10+08:00,answered,15,张三,120,1\n' +
    'a2,95598,1767225620,abandoned,10,,,\n' +
    'a3,95598,yesterday,answered,1,,,\n' +
    'a4,95598,1767225620,gone,1,,,\n' +
    'a5,95598,1767225620,answered,-3,,,\n';
  const r = parseCallsCsv(csv);
  assert.deepEqual(
    r.calls.map((c) => [c.ctiCallId, c.outcome, c.enterAt - BASE, c.waitS, c.talkS, c.agent]),
    [
      ['a1', 'answered', 10, 15, 120, '张三'],
      ['a2', 'abandoned', 20, 10, null, null],
    ],
  );
  assert.deepEqual(
    r.problems.map((p) => [p.line, p.reason]),
    [
      [4, 'bad_time'],
      [5, 'unknown_event'],
      [6, 'bad_number'],
    ],
  );
  assert.deepEqual(parseCallsCsv('id,queue\n').missingColumns, ['call_id', 'enter_at', 'outcome', 'wait_s']);
});

test('a real queue_log excerpt (tail of a live Asterisk system, 2020, quoted in a public README): restarts, a CLI-added member, an abandon, a call still waiting', () => {
  const real =
    [
      '1596191926|NONE|NONE|NONE|QUEUESTART|',
      '1596191978|NONE|NONE|NONE|QUEUESTART|',
      '1596257260|NONE|NONE|NONE|QUEUESTART|',
      '1596264295|NONE|NONE|NONE|QUEUESTART|',
      '1596272294|NONE|NONE|NONE|QUEUESTART|',
      '1596510480|CLI|sales|SIP/0004f2040001|ADDMEMBER|',
      '1596512941|1596512941.163|support|NONE|ENTERQUEUE||7000|1',
      '1596513009|1596512941.163|support|NONE|ABANDON|1|1|68',
      '1596513054|1596513054.164|sales|NONE|ENTERQUEUE||7000|1',
      '1596513628|NONE|NONE|NONE|QUEUESTART|',
    ].join('\n') + '\n';
  const r = QueueLogReader.readAll(real);
  assert.equal(r.lines, 10);
  assert.deepEqual(
    r.calls.map((c) => [c.ctiCallId, c.queue, c.outcome, c.waitS, c.callerId, c.enterAt]),
    [['1596512941.163', 'support', 'abandoned', 68, '7000', 1596512941]],
  );
  assert.deepEqual(
    r.problems.kept.map((p) => [p.line, p.reason]),
    [[9, 'incomplete_call']],
  );
  assert.deepEqual(
    r.spans.map((s) => [s.agent, s.state, s.from, s.to]),
    [['SIP/0004f2040001', 'available', 1596510480, 1596513628]],
  );
});

test('binary COPY encodes 64-bit values as PostgreSQL reads them', async () => {
  const { BinaryCopyWriter } = await import('./copy-binary.js');
  const w = new BinaryCopyWriter(16);
  w.row(3);
  w.time(946684800 - 1); // one second before 2000-01-01: −1,000,000 µs
  w.int8(2 ** 40 + 5);
  w.text('座席');
  const b = w.finish();
  assert.equal(b.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
  let at = 19;
  assert.equal(b.readInt16BE(at), 3);
  assert.equal(b.readInt32BE(at + 2), 8);
  assert.equal(b.readBigInt64BE(at + 6), -1_000_000n);
  assert.equal(b.readBigInt64BE(at + 18), BigInt(2 ** 40 + 5));
  at += 26;
  assert.equal(b.readInt32BE(at), 6);
  assert.equal(b.subarray(at + 4, at + 10).toString('utf8'), '座席');
  assert.equal(b.readInt16BE(b.length - 2), -1);
});
