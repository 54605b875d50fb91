/**
 * Demo billing activity through the billing services: register readings on the 25th of each of the
 * last three months for every metered account of the demo county (imported as AMI files), the bill run
 * of the month before last reviewed and released, and last month's run left under review, with a few
 * readings flagged into the exceptions queue (an estimated read, a jump, one reading below the last).
 * The first non-residential account of the county (the demo's customer2) gets a split-settlement agreement
 * (分次结算: interim bills on the 10th and the 20th, 30 % each of last month's amount); no interim bill is issued
 * by the seed, so the month's books and notices stay those of the runs. Three two-part accounts get billing
 * parameters (计费参数, docs/billing.md §21) from the first month (as many as the county has, in this order):
 * contracted demand at 60 % of the capacity (its maximum demand 120 % of the contract last month: the demand
 * above 105 % pays double) with a pause from the 11th to the 20th of last month (entered in billing), contracted
 * demand at 30 % (billed at the 40 % floor), and the basic charge by capacity with the same pause, so last
 * month's run under review shows each on a bill. Deterministic per seed value.
 */
import type { Db } from '../db/pool.js';
import {
  addCapacityEvent,
  importReadings,
  policyOn,
  releaseRun,
  reviewRun,
  setBillingParams,
  setSplitAgreement,
  startRun,
  workPendingChunks,
} from '../modules/billing/index.js';
import type { Principal } from '../modules/identity/index.js';
import { mulberry32 } from './random.js';

export interface BillingActivity {
  readings: number;
  exceptions: number;
  releasedRunId: number;
  reviewRunId: number;
  /** the account on split settlement (null when the county has no non-residential account) */
  splitAccountId: number | null;
  /** two-part accounts with billing parameters: contracted demand (excess) and a pause last month, demand below 40 % (floored), capacity basis and a pause */
  paramAccounts: { excess: number | null; floored: number | null; paused: number | null };
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
  // billing parameters for three two-part accounts with one meter (not the first non-residential one: the split account)
  const twoPartMinKva = (await policyOn(db, `${cycles[0]}-01`)).twoPart.twoPartMinKva;
  const twoPart = (
    await db.query(
      `SELECT sp.account_id, sp.contracted_kva::float8 AS kva, min(m.meter_no) AS meter_no, min(m.multiplier)::float8 AS mult
         FROM meters m JOIN service_points sp ON sp.id = m.service_point_id JOIN org_units o ON o.id = sp.org_unit_id
        WHERE o.path LIKE $1 || '%' AND sp.customer_class <> 'residential' AND sp.contracted_kva >= $2
          AND sp.account_id > (SELECT min(sp2.account_id) FROM service_points sp2 JOIN org_units o2 ON o2.id = sp2.org_unit_id WHERE o2.path LIKE $1 || '%' AND sp2.customer_class <> 'residential')
        GROUP BY sp.account_id, sp.contracted_kva HAVING count(*) = 1 ORDER BY sp.account_id LIMIT 6`,
      [clerk.orgPath, twoPartMinKva],
    )
  ).rows
    .map((r) => ({ id: Number(r.account_id), kva: Number(r.kva), meter: r.meter_no as string, mult: Number(r.mult) }))
    // not the meters whose last reading is flagged below (they are not billed last month)
    .filter((a) => ![3, 5, 7].some((i) => meters[i]?.meter_no === a.meter))
    .slice(0, 3);
  const [pExcess, pFloored, pPaused] = twoPart;
  /** meter → contracted kW and the month's maximum demand as a share of it, by cycle index */
  const demandOf = new Map<string, { kw: number; share: (k: number) => number; mult: number }>();
  const params = (contractDemandKw: number | null) => ({
    validFrom: `${cycles[0]}-01`,
    validTo: null,
    customerClass: null,
    pricing: null,
    voltage: null,
    tou: null,
    basicBasis: contractDemandKw === null ? ('capacity' as const) : ('demand' as const),
    contractKva: null,
    contractDemandKw,
    highLoadEligible: true,
    meteringSplit: null,
    note: '示例计费参数 / demo parameters',
  });
  if (pExcess) {
    const kw = Math.round(pExcess.kva * 0.6);
    await setBillingParams(db, clerk, pExcess.id, params(kw));
    demandOf.set(pExcess.meter, { kw, share: (k) => (k === 2 ? 1.2 : 0.9), mult: pExcess.mult });
    await addCapacityEvent(db, clerk, pExcess.id, {
      kind: 'pause',
      startsOn: `${cycles[2]}-11`,
      endsOn: `${cycles[2]}-21`,
      kva: pExcess.kva,
      note: '示例暂停 / demo pause',
    });
  }
  if (pFloored) {
    const kw = Math.round(pFloored.kva * 0.3);
    await setBillingParams(db, clerk, pFloored.id, params(kw));
    demandOf.set(pFloored.meter, { kw, share: () => 1, mult: pFloored.mult });
  }
  if (pPaused) {
    await setBillingParams(db, clerk, pPaused.id, params(null));
    await addCapacityEvent(db, clerk, pPaused.id, {
      kind: 'pause',
      startsOn: `${cycles[2]}-11`,
      endsOn: `${cycles[2]}-21`,
      kva: pPaused.kva,
      note: '示例暂停 / demo pause',
    });
  }
  let readings = 0,
    exceptions = 0;
  for (const [k, cycle] of cycles.entries()) {
    const lines = ['meter_no,register,read_at,value,flag'];
    state.forEach((s, i) => {
      let use = k === 0 ? 0 : s.monthly * (0.85 + rng() * 0.3);
      let flag = '';
      if (k === 2 && i === 3) use *= 6; // a jump beyond the history: queued (3, 5 and 7: no parameters on these, above)
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
        const dm = demandOf.get(s.m.meter_no);
        if (dm && k > 0) lines.push(`${s.m.meter_no},max_demand_kw,${at},${((dm.kw * dm.share(k)) / dm.mult).toFixed(4)},`);
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
  return {
    readings,
    exceptions,
    releasedRunId: Number(released.id),
    reviewRunId: last.id,
    splitAccountId: split ? Number(split.account_id) : null,
    paramAccounts: { excess: pExcess?.id ?? null, floored: pFloored?.id ?? null, paused: pPaused?.id ?? null },
  };
}

async function orgCode(db: Db, p: Principal): Promise<string> {
  return (await db.query(`SELECT code FROM org_units WHERE id = $1`, [p.orgUnitId])).rows[0].code;
}
