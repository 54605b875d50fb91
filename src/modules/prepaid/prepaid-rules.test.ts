/** Prepaid rules (docs/prepaid.md, "Rules"): the published Zhejiang tiers, rounding, notices, quiet hours, the disconnect decision. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  balanceState,
  dailyCharge,
  disconnectDecision,
  episodesAfter,
  nextInWindow,
  noticeDue,
  noticeSendAfter,
  reconnectDue,
  backoffMinutes,
  reorderNotBefore,
  retryPlan,
  thresholdProblem,
} from './prepaid-rules.js';
import { canonicalOf, signOf, verifySign, withSign } from './head-end-rules.js';
import { PREPAID_POLICY as P } from './policy-data.js';

// 浙江居民阶梯电价 (published): ≤ 2760 kWh 0.538; 2761–4800 0.588; ≥ 4801 0.838 yuan/kWh (annual)
const ZJ = { boundsKwh: ['2760', '4800'], pricesYuan: ['0.538', '0.588', '0.838'] };
const CI = { boundsKwh: [], pricesYuan: ['0.6700'] };

test('daily charge: inside the first tier, 20 kWh × 0.538 = ¥10.76', () => {
  const c = dailyCharge(ZJ, '0', '20');
  assert.equal(c.chargeFen, 1076);
  assert.equal(c.ytdAfterKwh, '20');
  assert.deepEqual(
    c.parts.map((p) => [p.tier, p.kwh]),
    [[1, '20']],
  );
});

test('daily charge: a day crossing the 2760 kWh bound is split: 10 × 0.538 + 10 × 0.588 = ¥11.26', () => {
  const c = dailyCharge(ZJ, '2750', '20');
  assert.equal(c.chargeFen, 1126);
  assert.deepEqual(
    c.parts.map((p) => [p.tier, p.kwh, p.amountYuan]),
    [
      [1, '10', '5.38'],
      [2, '10', '5.88'],
    ],
  );
});

test('daily charge: a day crossing both bounds uses three tiers', () => {
  // 2700 before, 2200 today: 60 × 0.538 + 2040 × 0.588 + 100 × 0.838 = 32.28 + 1199.52 + 83.8 = 1315.60
  assert.equal(dailyCharge(ZJ, '2700', '2200').chargeFen, 131560);
  // all above the last bound
  assert.equal(dailyCharge(ZJ, '5000', '10').chargeFen, 838);
});

test('daily charge: rounded once, half up, to whole fen', () => {
  assert.equal(dailyCharge(CI, '0', '0.5').chargeFen, 34); // 0.335 yuan = 33.5 fen → 34
  assert.equal(dailyCharge(ZJ, '0', '0.25').chargeFen, 13); // 0.1345 yuan = 13.45 fen → 13
  assert.equal(dailyCharge(ZJ, '0', '0.125').chargeFen, 7); // 6.725 fen → 7
  // parts are summed exactly before the one rounding: 0.001 kWh on each side of a bound
  assert.equal(dailyCharge(ZJ, '2759.999', '0.002').chargeFen, 0); // 0.000538 + 0.000588 yuan
  assert.equal(dailyCharge(ZJ, '0', '0').chargeFen, 0);
  assert.throws(() => dailyCharge(ZJ, '0', '-1'), RangeError);
  assert.throws(() => dailyCharge({ boundsKwh: ['1'], pricesYuan: ['1'] }, '0', '1'), RangeError);
});

test('balance state and notice episodes', () => {
  assert.equal(balanceState(-1, 5000), 'below_zero');
  assert.equal(balanceState(0, 5000), 'low');
  assert.equal(balanceState(4999, 5000), 'low');
  assert.equal(balanceState(5000, 5000), 'ok');
  assert.equal(balanceState(0, 0), 'ok');
  assert.equal(noticeDue(4000, 5000, false, false), 'low');
  assert.equal(noticeDue(4000, 5000, true, false), null);
  assert.equal(noticeDue(-1, 5000, true, false), 'zero');
  assert.equal(noticeDue(-1, 5000, true, true), null);
  assert.equal(noticeDue(6000, 5000, false, false), null);
  assert.deepEqual(episodesAfter(100, 5000), { keepLow: true, keepZero: false });
  assert.deepEqual(episodesAfter(6000, 5000), { keepLow: false, keepZero: false });
  assert.deepEqual(episodesAfter(-5, 5000), { keepLow: true, keepZero: true });
});

test('quiet hours: a notice at 23:00 Beijing waits for 08:00; a customer window wins', () => {
  const at = new Date('2026-12-01T15:00:00Z'); // 23:00 Beijing
  assert.equal(noticeSendAfter(at, P, null).toISOString(), '2026-12-02T00:00:00.000Z'); // 08:00 Beijing
  const noon = new Date('2026-12-01T04:00:00Z');
  assert.equal(noticeSendAfter(noon, P, null).toISOString(), noon.toISOString());
  assert.equal(noticeSendAfter(noon, P, { start: '11:00', end: '13:00' }).toISOString(), '2026-12-01T05:00:00.000Z');
  // a customer preference without times falls back to the policy's window
  assert.equal(noticeSendAfter(at, P, { start: null, end: null }).toISOString(), '2026-12-02T00:00:00.000Z');
});

test('the disconnect window: at 18:00 Beijing the next start is 08:00 the next day; inside it is now', () => {
  assert.equal(nextInWindow(new Date('2026-12-01T10:00:00Z'), P.disconnectWindow, 480).toISOString(), '2026-12-02T00:00:00.000Z');
  assert.equal(nextInWindow(new Date('2026-12-01T23:30:00Z'), P.disconnectWindow, 480).toISOString(), '2026-12-02T00:00:00.000Z'); // 07:30
  const inside = new Date('2026-12-01T02:00:00Z'); // 10:00
  assert.equal(nextInWindow(inside, P.disconnectWindow, 480).getTime(), inside.getTime());
  assert.equal(nextInWindow(inside, { start: '00:00', end: '00:00' }, 480).getTime(), inside.getTime());
});

test('disconnect: only below zero, supply on, no open order, and a notice released 24 h before', () => {
  const notice = { id: 7, sendAfter: new Date('2026-12-01T02:00:00Z') };
  const base = { balanceFen: -100, supply: 'on' as const, openCommand: false, notice, now: new Date('2026-12-02T02:00:00Z') };
  const d = disconnectDecision(base, P);
  assert.deepEqual(d, { order: true, noticeId: 7, notBefore: base.now });
  assert.deepEqual(disconnectDecision({ ...base, balanceFen: 0 }, P), { order: false, reason: 'not_below_zero' });
  assert.deepEqual(disconnectDecision({ ...base, supply: 'off' }, P), { order: false, reason: 'supply_off' });
  assert.deepEqual(disconnectDecision({ ...base, openCommand: true }, P), { order: false, reason: 'order_open' });
  assert.deepEqual(disconnectDecision({ ...base, notice: null }, P), { order: false, reason: 'no_notice' });
  const early = disconnectDecision({ ...base, now: new Date('2026-12-02T01:59:59Z') }, P);
  assert.equal(early.order, false);
  assert.equal(!early.order && early.reason, 'notice_too_recent');
  // due at 20:00 Beijing: ordered, but executed from 08:00 the next morning
  const evening = disconnectDecision({ ...base, now: new Date('2026-12-02T12:00:00Z') }, P);
  assert.equal(evening.order && evening.notBefore.toISOString(), '2026-12-03T00:00:00.000Z');
});

test('reconnect, threshold bounds, retries', () => {
  assert.equal(reconnectDue(0, 'off', false, P), true);
  assert.equal(reconnectDue(-1, 'off', false, P), false);
  assert.equal(reconnectDue(100, 'on', false, P), false);
  assert.equal(reconnectDue(100, 'off', true, P), false);
  assert.equal(thresholdProblem(0, P), null);
  assert.equal(thresholdProblem(P.maxThresholdFen, P), null);
  assert.ok(thresholdProblem(P.maxThresholdFen + 1, P));
  assert.ok(thresholdProblem(-1, P));
  assert.ok(thresholdProblem(1.5, P));
  const now = new Date('2026-12-01T00:00:00Z');
  assert.equal(retryPlan(1, now, P).retryAt!.toISOString(), '2026-12-01T00:05:00.000Z');
  assert.equal(retryPlan(P.maxAttempts, now, P).retryAt, null);
});

test('back-off: first × factor^(n − 1), capped, integer minutes, no overflow for a long run of failures', () => {
  const b = { firstMinutes: 60, factor: 2, maxMinutes: 1440 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 1000].map((n) => backoffMinutes(n, b)),
    [60, 120, 240, 480, 960, 1440, 1440, 1440],
  );
  assert.equal(backoffMinutes(5, { firstMinutes: 7, factor: 1, maxMinutes: 100 }), 7, 'factor 1 is a fixed interval');
  assert.throws(() => backoffMinutes(0, b), RangeError);
});

test('back-off of sends: 5, 10, 20, 40, then every 60 minutes; the 12th attempt fails the order (495 minutes in all)', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const waits = Array.from({ length: P.maxAttempts - 1 }, (_, i) => (retryPlan(i + 1, now, P).retryAt!.getTime() - now.getTime()) / 60_000);
  assert.deepEqual(waits, [5, 10, 20, 40, 60, 60, 60, 60, 60, 60, 60]);
  assert.equal(
    waits.reduce((a, b) => a + b, 0),
    495,
  );
  assert.equal(retryPlan(P.maxAttempts, now, P).retryAt, null);
});

test('back-off of new disconnect orders after failed ones: 1 h, 2 h, 4 h … at most 24 h after the last failure', () => {
  const failed = new Date('2026-12-01T02:00:00Z');
  assert.equal(reorderNotBefore(0, null, P), null);
  assert.equal(reorderNotBefore(1, failed, P)!.toISOString(), '2026-12-01T03:00:00.000Z');
  assert.equal(reorderNotBefore(3, failed, P)!.toISOString(), '2026-12-01T06:00:00.000Z');
  assert.equal(reorderNotBefore(9, failed, P)!.toISOString(), '2026-12-02T02:00:00.000Z');
});

test('head-end signature: canonical string, verify, tamper, stale timestamp', () => {
  const msg = { commandNo: 'DC1', status: 'executed', reason: '', timestamp: 1_000_000, nonce: 'n' };
  assert.equal(canonicalOf(msg), 'commandNo=DC1&nonce=n&status=executed&timestamp=1000000');
  const s = withSign(msg, 'k');
  assert.equal(s.sign, signOf(msg, 'k'));
  assert.equal(verifySign(s, 'k', 1_000_000), true);
  assert.equal(verifySign({ ...s, status: 'failed' }, 'k', 1_000_000), false);
  assert.equal(verifySign(s, 'other', 1_000_000), false);
  assert.equal(verifySign({ ...s, sign: 'zz' }, 'k', 1_000_000), false);
  assert.equal(verifySign(s, 'k', 1_000_000 + 5 * 60_000 + 1), false);
});
