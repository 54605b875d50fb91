/**
 * The supervisor board's scorecard tile (docs/scorecards.md "Supervisor board"): for the caller's
 * unit and the current local month so far, the installation overdue rate (装表接电超期率) and the
 * repair arrival / restoration figures (breaches = denominator − numerator), counted exactly as the
 * scorecard counts them; and the open rectifications of inspections, soonest first.
 */
import type { Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { findOrgUnit, orgUnitRefsUnder } from '../orgs/index.js';
import type { Indicator } from './indicators.js';
import { measureIndicator } from './measures.js';
import { exactValue, parsePeriod, VALUE_DP, D } from './rules.js';
import { openFindings } from './supervision.js';

const BOARD: Indicator[] = ['installation_overdue', 'repair_arrival', 'repair_restoration'];
const LOCAL_OFFSET_MINUTES = 480; // the default scheme's; the tile shows the calendar month the scorecard would

export async function boardTile(q: Queryable, p: Principal, now = new Date()) {
  const local = new Date(now.getTime() + LOCAL_OFFSET_MINUTES * 60_000).toISOString().slice(0, 7);
  const period = { ...parsePeriod(local, LOCAL_OFFSET_MINUTES)!, to: now };
  const all = (await orgUnitRefsUnder(q, p.orgPath)).map((u) => ({ id: u.id, path: u.path }));
  const me = { id: p.orgUnitId, path: p.orgPath };
  const figures = [];
  for (const ind of BOARD) {
    const m = (await measureIndicator(q, ind, [me], all, period)).get(me.id)!;
    const v = m.missing ? null : exactValue(ind, m.numerator, m.denominator);
    figures.push({
      indicator: ind,
      numerator: String(m.numerator),
      denominator: String(m.denominator),
      value: v === null ? null : v.toDecimalPlaces(VALUE_DP, D.ROUND_HALF_UP).toFixed(VALUE_DP),
      missing: m.missing ?? null,
    });
  }
  const today = new Date(now.getTime() + LOCAL_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
  const rows = await openFindings(q, p, 10);
  const names = new Map<number, string>();
  for (const r of rows) if (!names.has(Number(r.org_unit_id))) names.set(Number(r.org_unit_id), (await findOrgUnit(q, Number(r.org_unit_id)))?.name ?? '');
  return {
    period: local,
    orgUnitId: p.orgUnitId,
    figures,
    findings: rows.map((r) => ({
      inspectionId: Number(r.id),
      orgUnitName: names.get(Number(r.org_unit_id)) ?? '',
      itemCode: r.item_code,
      finding: r.finding,
      rectifyBy: r.rectify_by,
      overdue: r.rectify_by < today,
    })),
  };
}
