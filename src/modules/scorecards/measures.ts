/**
 * The figures behind each indicator for a set of units and a period, from the owning modules'
 * faces (docs/scorecards.md "Indicator library"). Counts come per org path (or per org unit) and
 * are summed over each unit's subtree here: a unit's figure covers everything under it.
 */
import type { Queryable } from '../../db/pool.js';
import { callMeasureByPath } from '../analytics/index.js';
import { connectionMeasureByPath } from '../connections/index.js';
import { customerCountsByOrgUnit } from '../customers/index.js';
import { rs1FiguresByUnits } from '../reliability/index.js';
import { orderMeasureByPath } from '../workorders/index.js';
import type { Indicator } from './indicators.js';
import { monthsOf, type Measured, type Period } from './rules.js';
import { voltageByPath } from './voltage.js';
import { windowByPath } from './window.js';

export interface UnitRef {
  id: number;
  path: string;
}

type PathCount = { orgPath: string; num: number; den: number };

/** Sums path counts over each unit's subtree; a source with no rows at all in the period is 'no_data_in_period', a unit with none 'no_records'. */
export function sumBySubtree(units: UnitRef[], rows: PathCount[], noData = 'no_data_in_period'): Map<number, Measured> {
  const out = new Map<number, Measured>();
  for (const u of units) {
    let num = 0;
    let den = 0;
    for (const r of rows)
      if (r.orgPath.startsWith(u.path)) {
        num += r.num;
        den += r.den;
      }
    out.set(u.id, { numerator: num, denominator: den, missing: rows.length === 0 ? noData : den === 0 ? 'no_records' : null });
  }
  return out;
}

export async function measureIndicator(
  q: Queryable,
  indicator: Indicator,
  units: UnitRef[],
  allUnits: UnitRef[],
  period: Period,
  /** the scheme's local time offset: with it, work-order and call figures come from the daily rollups */
  dayOffsetMinutes?: number,
): Promise<Map<number, Measured>> {
  const { from, to } = period;
  switch (indicator) {
    case 'repair_arrival':
    case 'repair_restoration':
    case 'callback_satisfaction':
      return sumBySubtree(units, await orderMeasureByPath(q, indicator, from, to, dayOffsetMinutes));
    case 'installation_overdue':
    case 'connection_on_time':
      return sumBySubtree(units, await connectionMeasureByPath(q, indicator, from, to));
    case 'abandonment_rate':
    case 'service_level':
      return sumBySubtree(units, await callMeasureByPath(q, indicator, from, to, dayOffsetMinutes));
    case 'complaints_per_10k': {
      const [complaints, customers] = await Promise.all([orderMeasureByPath(q, 'complaints', from, to, dayOffsetMinutes), customerCountsByOrgUnit(q)]);
      const pathOf = new Map(allUnits.map((u) => [u.id, u.path]));
      const custRows = [...customers].map(([id, n]) => ({ orgPath: pathOf.get(id) ?? '', num: 0, den: n }));
      const out = new Map<number, Measured>();
      for (const u of units) {
        const num = complaints.filter((r) => r.orgPath.startsWith(u.path)).reduce((s, r) => s + r.num, 0);
        const den = custRows.filter((r) => r.orgPath.startsWith(u.path)).reduce((s, r) => s + r.den, 0);
        out.set(u.id, { numerator: num, denominator: den, missing: den === 0 ? 'no_customers' : null });
      }
      return out;
    }
    case 'reliability_rs1': {
      // one read for all units (rs1FiguresByUnits), each unit's figure over its subtree's org units
      const subtree = (u: UnitRef) => allUnits.filter((x) => x.path.startsWith(u.path)).map((x) => x.id);
      const figures = await rs1FiguresByUnits(
        q,
        units.map((u) => ({ key: u.id, orgUnitIds: subtree(u) })),
        from,
        to,
      );
      const out = new Map<number, Measured>();
      for (const u of units) {
        const f = figures.get(u.id)!;
        const total = BigInt(f.customers) * BigInt(f.periodSeconds);
        const served = total - BigInt(f.interruptedCustomerSeconds);
        out.set(u.id, { numerator: String(served < 0n ? 0n : served), denominator: String(total), missing: f.customers === 0 ? 'no_customers' : null });
      }
      return out;
    }
    case 'voltage_qualification':
      return sumBySubtree(units, await voltageByPath(q, monthsOf(period)), 'no_monitoring_import');
    case 'window_score':
      return sumBySubtree(units, await windowByPath(q, from, to), 'no_inspections');
  }
}
