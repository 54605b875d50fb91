/**
 * Demo billing activity through the billing services: register readings on the 25th of each of the
 * last three months for every metered account of the demo county (imported as AMI files), the bill run
 * of the month before last reviewed and released, and last month's run left under review, with a few
 * readings flagged into the exceptions queue (an estimated read, a jump, one reading below the last).
 * The first non-residential account of the county (the demo's customer2) gets a split-settlement agreement
 * (分次结算: interim bills on the 10th and the 20th, 30 % each of last month's amount); no interim bill is issued
 * by the seed, so the month's books and notices stay those of the runs. Deterministic per seed value.
 */
import type { Db } from '../db/pool.js';
import { importReadings, releaseRun, reviewRun, setSplitAgreement, startRun, workPendingChunks } from '../modules/billing/index.js';
import type { Principal } from '../modules/identity/index.js';
import { mulberry32 } from './random.js';

export interface BillingActivity {
  readings: number;
  exceptions: number;
  releasedRunId: number;
  reviewRunId: number;
  /** the account on split settlement (null when the county has no non-residential account) */
  splitAccountId: number | null;
}

/** The cycle `back` months before `now`'s month (China Standard Time). */
export function cycleBefore(now: Date, back: number): string {
  const cst = new Date(now.getTime() + 8 * 3_600_000);
  const d = new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

export async function seedBillingActivity(db: Db, clerk: Principal, approver: Principal, seed: number, now = new Date()): Promise<BillingActivity> {
  const rng = mulberry32(seed ^ 0xb111);
  const meters = (
    await db.query(
      `SELECT m.meter_no, sp.customer_class, sp.contracted_kva::float8 AS kva FROM meters m JOIN service_points sp ON sp.id = m.service_point_id
      JOIN org_units o ON o.id = sp.org_unit_id WHERE o.path LIKE $1 || '%' ORDER BY sp.account_id, m.id`,
      [clerk.orgPath],
    )
  ).rows as { meter_no: string; customer_class: string; kva: number }[];
  const cycles = [cycleBefore(now, 3), cycleBefore(now, 2), cycleBefore(now, 1)];
  // per meter: a starting index and a monthly use in kWh by class and size
  const state = meters.map((m) => {
    const monthly = m.customer_class === 'residential' ? 80 + rng() * 320 : m.kva * (40 + rng() * 120);
    return { m, total: Math.floor(rng() * 40_000), monthly, split: [0.28 + rng() * 0.1, 0.4 + rng() * 0.1] };
  });
  let readings = 0,
    exceptions = 0;
  for (const [k, cycle] of cycles.entries()) {
    const lines = ['meter_no,register,read_at,value,flag'];
    state.forEach((s, i) => {
      let use = k === 0 ? 0 : s.monthly * (0.85 + rng() * 0.3);
      let flag = '';
      if (k === 2 && i === 3) use *= 6; // a jump beyond the history: queued
      if (k === 2 && i === 5) flag = 'E'; // an estimated read: queued
      s.total = Math.round((s.total + use) * 100) / 100;
      const at = `${cycle}-25 ${String(8 + (i % 9)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
      const total = k === 2 && i === 7 ? Math.max(0, s.total - 500) : s.total; // below the last reading, not a rollover: queued
      lines.push(`${s.m.meter_no},kwh_total,${at},${total.toFixed(2)},${flag}`);
      if (s.m.customer_class !== 'residential') {
        const peak = Math.round(s.total * s.split[0] * 100) / 100,
          flat = Math.round(s.total * s.split[1] * 100) / 100;
        lines.push(
          `${s.m.meter_no},kwh_peak,${at},${peak.toFixed(2)},`,
          `${s.m.meter_no},kwh_flat,${at},${flat.toFixed(2)},`,
          `${s.m.meter_no},kwh_valley,${at},${(s.total - peak - flat).toFixed(2)},`,
          `${s.m.meter_no},kvarh,${at},${(s.total * 0.45).toFixed(2)},`,
        );
      }
    });
    const r = await importReadings(db, clerk, { fileName: `AMI-${cycle}.csv`, text: lines.join('\n') + '\n', source: 'seed' });
    readings += r.readings;
    exceptions += r.exceptions;
    if (k === 1) {
      const run = await startRun(db, clerk, { cycle, orgCode: await orgCode(db, clerk) });
      await workPendingChunks(db, 'seed', run.id);
      await reviewRun(db, approver, run.id);
      await releaseRun(db, approver, run.id);
    }
  }
  const last = await startRun(db, clerk, { cycle: cycles[2], orgCode: await orgCode(db, clerk) });
  await workPendingChunks(db, 'seed', last.id);
  const released = (await db.query(`SELECT id FROM bill_runs WHERE cycle = $1 AND status = 'released'`, [cycles[1]])).rows[0];
  // split settlement for the first non-residential account: the agreed monthly amount is its released month's bill
  const split = (
    await db.query(
      `SELECT b.account_id, b.total_fen FROM bills b WHERE b.run_id = $1 AND b.status = 'released' AND b.inputs->'account'->>'customerClass' <> 'residential'
        ORDER BY b.account_id LIMIT 1`,
      [released.id],
    )
  ).rows[0];
  if (split)
    await setSplitAgreement(db, clerk, Number(split.account_id), {
      days: [10, 20],
      sharePct: ['30', '30'],
      expectedMonthlyFen: Number(split.total_fen) > 0 ? Number(split.total_fen) : null,
      active: true,
    });
  return { readings, exceptions, releasedRunId: Number(released.id), reviewRunId: last.id, splitAccountId: split ? Number(split.account_id) : null };
}

async function orgCode(db: Db, p: Principal): Promise<string> {
  return (await db.query(`SELECT code FROM org_units WHERE id = $1`, [p.orgUnitId])).rows[0].code;
}
