/**
 * Drill-down from a unit's indicator in a run to the records behind it (docs/scorecards.md
 * "Drill-down"): the orders, applications, calls, outages, monitoring points or inspections of the
 * unit's subtree in the run's period, each marked numerator or not, from the owning module's face.
 * The records are read now; the snapshot's numerator and denominator are shown beside them, so a
 * record changed since the run (a clock decided later, an order merged) shows as a difference.
 */
import type { Queryable } from '../../db/pool.js';
import { notFound } from '../../platform/errors.js';
import { callMeasureRecords } from '../analytics/index.js';
import { connectionMeasureRecords } from '../connections/index.js';
import type { Principal } from '../identity/index.js';
import { outagesForReliability } from '../outages/index.js';
import { orderMeasureRecords } from '../workorders/index.js';
import { INDICATOR_DEFS, type Indicator } from './indicators.js';
import { monthsOf, parsePeriod } from './rules.js';
import { runRow } from './runs.js';
import type { Drill } from './schemas.js';
import { voltageRecords } from './voltage.js';
import { windowRecords } from './window.js';

export async function drillDown(
  q: Queryable,
  p: Principal,
  runId: number,
  unitId: number,
  indicator: Indicator,
  f: { limit?: number; offset?: number; numeratorOnly?: boolean },
): Promise<Drill> {
  const run = await runRow(q, p, runId);
  const line = (
    await q.query(
      `SELECT l.*, x.org_path FROM scorecard_lines l JOIN scorecard_results x ON x.run_id = l.run_id AND x.org_unit_id = l.org_unit_id
        WHERE l.run_id = $1 AND l.org_unit_id = $2 AND l.indicator = $3 AND x.org_path LIKE $4 || '%'`,
      [runId, unitId, indicator, p.orgPath],
    )
  ).rows[0];
  if (!line) throw notFound('Scorecard line', '对标指标');
  const from = new Date(run.period_from);
  const to = new Date(run.period_to);
  const path: string = line.org_path;
  const page = { limit: f.limit ?? 50, offset: f.offset ?? 0, numeratorOnly: f.numeratorOnly };
  let rec: { total: number; items: Drill['items'] };
  switch (indicator) {
    case 'repair_arrival':
    case 'repair_restoration':
    case 'callback_satisfaction':
      rec = await orderMeasureRecords(q, indicator, path, from, to, page);
      break;
    case 'complaints_per_10k':
      rec = await orderMeasureRecords(q, 'complaints', path, from, to, page);
      break;
    case 'installation_overdue':
    case 'connection_on_time':
      rec = await connectionMeasureRecords(q, indicator, path, from, to, page);
      break;
    case 'abandonment_rate':
    case 'service_level':
      rec = await callMeasureRecords(q, indicator, path, from, to, page);
      break;
    case 'reliability_rs1':
      rec = await outagesForReliability(q, path, from, to, page);
      break;
    case 'voltage_qualification':
      // the months a period covers depend on its text only (the offset moves instants, not months)
      rec = await voltageRecords(q, path, monthsOf(parsePeriod(run.period, 0)!), page);
      break;
    case 'window_score':
      rec = await windowRecords(q, path, from, to, page);
      break;
  }
  return {
    runId,
    orgUnitId: unitId,
    indicator,
    definition: INDICATOR_DEFS[indicator],
    period: run.period,
    from: from.toISOString(),
    to: to.toISOString(),
    snapshot: {
      indicator,
      numerator: String(line.numerator),
      denominator: String(line.denominator),
      value: line.value === null ? null : String(line.value),
      points: line.points === null ? null : String(line.points),
      weight: String(line.weight),
      status: line.status,
      missing: line.missing,
    },
    records: INDICATOR_DEFS[indicator].records,
    total: rec.total,
    items: rec.items,
  };
}
