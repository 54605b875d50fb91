/**
 * Demo books for the demo county (docs/ledger.md): the province, city, county and its three supply
 * stations keep books (核算单位); four months of money events up to today go THROUGH the ledger's
 * posting contract (postMoneyEvent), as billing and payments will post them: bills released on the
 * 5th, payments (some late, with the late fee computed by the collection rule and charged first,
 * some overpaid into prepaid balances), prepaid top-ups, the collecting banks' settlement at month
 * end, a write-off and a refund; each month the Chengguan station remits collections to the county
 * (both sides, with the counter-unit), and the oldest month is closed. With `realFrom`, the months from
 * it on are left to the real postings of billing and payments. Deterministic for a seed value;
 * event ids are stable, so running it again posts nothing twice.
 */
import { withTx, type Db } from '../db/pool.js';
import type { Principal } from '../modules/identity/index.js';
import { closePeriod, postManualEntry, postMoneyEvent, registerLedgerUnit, type MoneyEvent } from '../modules/ledger/index.js';
import { LATE_FEE_1996, lateFee } from '../modules/collection/index.js';
import { mulberry32 } from './random.js';

const UNITS = ['SF', 'SF-SF', 'SF-QH', 'SF-QH-CG', 'SF-QH-HX', 'SF-QH-SH'];

export interface LedgerSeedResult {
  units: number;
  events: number;
  months: number[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `realFrom` (YYYYMM): from that month on the books are left to the real postings — the bills a bill
 * run releases and the payments the payments module takes (the demo's payments step) — and no
 * synthetic bill, payment, top-up, settlement or remittance is posted for it: the same customers'
 * receivables would otherwise be counted twice.
 */
export async function seedLedgerActivity(
  db: Db,
  admin: Principal,
  seed: number,
  now = new Date(),
  opts: { realFrom?: number } = {},
): Promise<LedgerSeedResult> {
  const rng = mulberry32(seed + 600);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const orgs = (await db.query('SELECT id, code, name, name_en, path FROM org_units WHERE code = ANY($1) ORDER BY path', [UNITS])).rows;
  for (const o of orgs) await registerLedgerUnit(db, { orgUnitId: Number(o.id), orgPath: o.path, code: o.code, name: o.name, nameEn: o.name_en });
  const idOf = new Map(orgs.map((o) => [o.code as string, Number(o.id)]));
  const stations = new Set([idOf.get('SF-QH-CG'), idOf.get('SF-QH-HX'), idOf.get('SF-QH-SH')]);
  const sps = (await db.query('SELECT id, org_unit_id, customer_class FROM service_points ORDER BY id LIMIT 240')).rows
    .filter((s) => stations.has(Number(s.org_unit_id)))
    .map((s) => ({ id: Number(s.id), unit: Number(s.org_unit_id), cls: s.customer_class === 'residential' ? 'residential' : 'commercial_industrial' }));

  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // Beijing date
  const [ty, tm] = [+today.slice(0, 4), +today.slice(5, 7)];
  const months: { y: number; m: number }[] = [];
  for (let k = 3; k >= 0; k--) {
    const d = new Date(Date.UTC(ty, tm - 1 - k, 1));
    months.push({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1 });
  }
  const clamp = (d: string) => (d > today ? today : d);
  let events = 0;
  const post = async (e: MoneyEvent) => {
    await withTx(db, (tx) => postMoneyEvent(tx, e, admin.id));
    events++;
  };

  for (const { y, m } of months) {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const billDay = `${y}-${pad(m)}-05`;
    if (billDay > today) continue;
    if (opts.realFrom !== undefined && y * 100 + m >= opts.realFrom) continue;
    const dueDate = `${y}-${pad(m)}-20`;
    const collected = new Map<number, number>();
    for (const sp of sps) {
      const energy = sp.cls === 'residential' ? int(4_000, 40_000) : int(50_000, 2_000_000);
      const funds = Math.floor((energy * 5) / 100); // 5 % of energy, whole fen (integer arithmetic)
      const id = `demo:${sp.id}:${y}${pad(m)}`;
      await post({
        type: 'bill_released',
        id,
        orgUnitId: sp.unit,
        date: billDay,
        customerClass: sp.cls,
        amounts: { energy, funds },
        memo: `${y}-${pad(m)} 电费`,
      });
      const fate = rng();
      const principal = energy + funds;
      let payDay: string | null = null;
      if (fate < 0.7) payDay = clamp(`${y}-${pad(m)}-${pad(int(6, 20))}`);
      else if (fate < 0.9) payDay = clamp(`${y}-${pad(m)}-${pad(Math.min(last, int(21, 31)))}`);
      if (!payDay || payDay < billDay) continue;
      const fee = lateFee(
        { billId: id, customerClass: sp.cls, dueDate, principalFen: principal },
        [{ date: payDay, principalFen: principal }],
        payDay,
        LATE_FEE_1996,
      );
      let feePaid = fee.dueNowFen;
      if (fee.dueNowFen > 0) {
        await post({
          type: 'late_fee_charged',
          id: `${id}:fee`,
          orgUnitId: sp.unit,
          date: payDay,
          customerClass: sp.cls,
          amounts: { lateFee: fee.dueNowFen },
          memo: `违约金 ${fee.days} 天`,
        });
        if (rng() < 0.15) {
          await post({
            type: 'late_fee_waived',
            id: `${id}:waive`,
            orgUnitId: sp.unit,
            date: payDay,
            customerClass: sp.cls,
            amounts: { lateFee: fee.dueNowFen },
            memo: '违约金减免（首次逾期）',
          });
          feePaid = 0;
        }
      }
      const credit = rng() < 0.1 ? int(1_000, 20_000) : 0;
      await post({
        type: 'payment_received',
        id: `${id}:pay`,
        orgUnitId: sp.unit,
        date: payDay,
        customerClass: sp.cls,
        amounts: { principal, lateFee: feePaid, credit },
      });
      collected.set(sp.unit, (collected.get(sp.unit) ?? 0) + principal + feePaid + credit);
      if (rng() < 0.05) {
        const amount = int(10_000, 50_000);
        await post({ type: 'prepaid_topup', id: `${id}:topup`, orgUnitId: sp.unit, date: payDay, customerClass: sp.cls, amounts: { amount } });
        collected.set(sp.unit, (collected.get(sp.unit) ?? 0) + amount);
      }
    }
    const settleDay = clamp(`${y}-${pad(m)}-${pad(last)}`);
    for (const [unit, amount] of collected) {
      if (amount > 0)
        await post({
          type: 'withholding_settled',
          id: `demo:settle:${unit}:${y}${pad(m)}`,
          orgUnitId: unit,
          date: settleDay,
          amounts: { amount },
          memo: '代收机构结算',
        });
    }
    // the Chengguan station remits (上划) 80 % of its settled collections to the county: both sides
    // recorded with the counter-unit, eliminated when the county is consolidated
    const county = idOf.get('SF-QH')!,
      cg = idOf.get('SF-QH-CG')!;
    const remit = Math.floor(((collected.get(cg) ?? 0) * 8) / 10);
    if (remit > 0) {
      await postManualEntry(db, admin, {
        orgUnitId: cg,
        date: settleDay,
        memo: '电费资金上划县公司',
        key: `demo-remit-out-${y}${pad(m)}`,
        lines: [
          { accountCode: '122102', debitFen: remit, counterOrgUnitId: county },
          { accountCode: '100201', creditFen: remit },
        ],
      });
      await postManualEntry(db, admin, {
        orgUnitId: county,
        date: settleDay,
        memo: '收城关供电所上划电费资金',
        key: `demo-remit-in-${y}${pad(m)}`,
        lines: [
          { accountCode: '100201', debitFen: remit },
          { accountCode: '224102', creditFen: remit, counterOrgUnitId: cg },
        ],
      });
    }
  }
  // one write-off and one refund in the first month
  const first = months[0];
  const sp0 = sps[0];
  if (sp0) {
    await post({
      type: 'write_off',
      id: `demo:writeoff:${sp0.id}`,
      orgUnitId: sp0.unit,
      date: `${first.y}-${pad(first.m)}-28`,
      customerClass: sp0.cls,
      amounts: { principal: 1_234 },
      memo: '小额呆账核销（示例）',
    });
    await post({
      type: 'refund',
      id: `demo:refund:${sp0.id}`,
      orgUnitId: sp0.unit,
      date: `${first.y}-${pad(first.m)}-28`,
      customerClass: sp0.cls,
      amounts: { amount: 500 },
      memo: '销户退费（示例）',
    });
  }
  // the oldest month is closed (结账) for every unit
  const oldest = first.y * 100 + first.m;
  for (const id of idOf.values()) {
    await closePeriod(db, admin, id, oldest).catch((e: { code?: string }) => {
      if (e.code !== 'PERIOD_CLOSED') throw e; // closed by an earlier run
    });
  }
  return { units: orgs.length, events, months: months.map((x) => x.y * 100 + x.m) };
}
