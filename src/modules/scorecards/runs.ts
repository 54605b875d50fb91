/**
 * Scorecard runs: compute a period's scorecards for the units of one level under a root unit
 * (stored as a snapshot with the scheme version used; recomputing adds a new run, the latest is
 * current), read them, and follow a unit's trend. docs/scorecards.md.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { findOrgUnit, findOrgUnitInScope, orgUnitRefsUnder } from '../orgs/index.js';
import type { Indicator } from './indicators.js';
import { measureIndicator } from './measures.js';
import { parsePeriod, scoreUnits, type Measured, type Period } from './rules.js';
import type { ComputeInput, Run, RunSummary } from './schemas.js';
import { schemeFor, type StoredScheme } from './schemes.js';

const LEVELS = ['province', 'city', 'county', 'station', 'hall'] as const;
type Level = (typeof LEVELS)[number];

/** The level below a unit's own (a county's peers to rank are its stations); a hall ranks itself. */
const childLevel = (l: string): Level => LEVELS[Math.min(LEVELS.indexOf(l as Level) + 1, LEVELS.length - 1)];

export function periodOf(text: string, offsetMinutes: number, field = 'period'): Period {
  const p = parsePeriod(text, offsetMinutes);
  if (!p) throw badField(field, 'format', '期间须为 YYYY-MM 或 YYYY-Qn', 'period must be YYYY-MM or YYYY-Qn');
  return p;
}

export async function computeRun(db: Db, p: Principal, input: ComputeInput, now = new Date()): Promise<Run> {
  const root = await findOrgUnitInScope(db, input.rootOrgUnitId ?? p.orgUnitId, p.orgPath);
  if (!root) throw notFound('Org unit', '组织单位');
  const level = input.level ?? childLevel(root.level);
  const scheme = await schemeFor(db, input.schemeCode ?? 'default', input.period);
  const period = periodOf(input.period, scheme.data.utcOffsetMinutes);
  if (period.from.getTime() > now.getTime()) throw badField('period', 'future', '期间尚未开始', 'the period has not begun');
  const all = (await orgUnitRefsUnder(db, root.path)).filter((u) => u.active);
  const units = all.filter((u) => u.level === level);
  if (!units.length) throw badField('level', 'no_units', '该层级下没有组织单位', 'no org units at this level under the root');
  const refs = units.map((u) => ({ id: u.id, path: u.path }));
  const allRefs = all.map((u) => ({ id: u.id, path: u.path }));

  const measured = new Map<number, Map<Indicator, Measured>>(units.map((u) => [u.id, new Map()]));
  // the indicators are read side by side (each from its owner's rollup or records, on its own pool connection)
  const byIndicator = await Promise.all(
    scheme.data.indicators.map(async (si) => {
      const t0 = performance.now();
      const byUnit = await measureIndicator(db, si.indicator, refs, allRefs, period, scheme.data.utcOffsetMinutes);
      if (process.env.SC_TIMING) console.log(`[sc] ${si.indicator} ${(performance.now() - t0).toFixed(1)} ms`);
      return [si.indicator, byUnit] as const;
    }),
  );
  for (const [indicator, byUnit] of byIndicator) for (const [id, m] of byUnit) measured.get(id)!.set(indicator, m);
  const results = scoreUnits(
    scheme.data,
    units.map((u) => u.id),
    measured,
  );
  const runId = await withTx(db, async (tx) => {
    const run = await tx.query(
      `INSERT INTO scorecard_runs (period, period_kind, period_from, period_to, level, root_org_unit_id, org_path, scheme_id, computed_at, computed_by, units)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [period.period, period.kind, period.from, period.to, level, root.id, root.path, scheme.id, now, p.id, units.length],
    );
    const id = Number(run.rows[0].id);
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    await tx.query(
      `INSERT INTO scorecard_results (run_id, org_unit_id, org_path, points, max_points, score, rank)
       SELECT $2, x.u, x.path, x.points::numeric, x.max::numeric, x.score::numeric, x.rank
         FROM jsonb_to_recordset($1::jsonb) AS x(u bigint, path text, points text, max text, score text, rank int)`,
      [JSON.stringify(results.map((r) => ({ u: r.unitId, path: pathOf.get(r.unitId), points: r.points, max: r.maxPoints, score: r.score, rank: r.rank }))), id],
    );
    await tx.query(
      `INSERT INTO scorecard_lines (run_id, org_unit_id, indicator, numerator, denominator, value, points, weight, status, missing)
       SELECT $2, x.u, x.i, x.n::numeric, x.d::numeric, x.v::numeric, x.p::numeric, x.w::numeric, x.s, x.m
         FROM jsonb_to_recordset($1::jsonb) AS x(u bigint, i text, n text, d text, v text, p text, w text, s text, m text)`,
      [
        JSON.stringify(
          results.flatMap((r) =>
            r.lines.map((l) => ({
              u: r.unitId,
              i: l.indicator,
              n: l.numerator,
              d: l.denominator,
              v: l.value,
              p: l.points,
              w: l.weight,
              s: l.status,
              m: l.missing,
            })),
          ),
        ),
        id,
      ],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'scorecard.compute',
      entity: 'scorecard_run',
      entityId: id,
      orgUnitId: root.id,
      before: null,
      after: { period: period.period, level, scheme: { id: scheme.id, code: scheme.code, version: scheme.version }, units: units.length },
    });
    return id;
  });
  return getRun(db, p, runId);
}

const SUMMARY_SQL = `SELECT r.*, s.code AS scheme_code, s.version AS scheme_version FROM scorecard_runs r JOIN scorecard_schemes s ON s.id = r.scheme_id`;

async function summaryOf(q: Queryable, r: Record<string, any>): Promise<RunSummary> {
  const root = await findOrgUnit(q, Number(r.root_org_unit_id));
  return {
    id: Number(r.id),
    period: r.period,
    periodKind: r.period_kind,
    from: new Date(r.period_from).toISOString(),
    to: new Date(r.period_to).toISOString(),
    level: r.level,
    rootOrgUnitId: Number(r.root_org_unit_id),
    rootName: root?.name ?? '',
    scheme: { id: Number(r.scheme_id), code: r.scheme_code, version: r.scheme_version },
    computedAt: new Date(r.computed_at).toISOString(),
    units: r.units,
  };
}

/** A run visible to the principal: its root lies in the principal's subtree (else 404). */
export async function runRow(q: Queryable, p: Principal, id: number): Promise<Record<string, any>> {
  const { rows } = await q.query(`${SUMMARY_SQL} WHERE r.id = $1 AND r.org_path LIKE $2 || '%'`, [id, p.orgPath]);
  if (!rows[0]) throw notFound('Scorecard run', '对标计算');
  return rows[0];
}

export async function getRun(q: Queryable, p: Principal, id: number): Promise<Run> {
  const r = await runRow(q, p, id);
  const [results, lines, units] = await Promise.all([
    q.query('SELECT * FROM scorecard_results WHERE run_id = $1 ORDER BY rank NULLS LAST, org_path', [id]),
    q.query('SELECT * FROM scorecard_lines WHERE run_id = $1', [id]),
    orgUnitRefsUnder(q, r.org_path),
  ]);
  const unit = new Map(units.map((u) => [u.id, u]));
  const order = new Map<string, number>();
  const byUnit = new Map<number, Run['results'][number]['lines']>();
  for (const l of lines.rows) {
    const list = byUnit.get(Number(l.org_unit_id)) ?? [];
    list.push({
      indicator: l.indicator,
      numerator: String(l.numerator),
      denominator: String(l.denominator),
      value: l.value === null ? null : String(l.value),
      points: l.points === null ? null : String(l.points),
      weight: String(l.weight),
      status: l.status,
      missing: l.missing,
    });
    byUnit.set(Number(l.org_unit_id), list);
  }
  const scheme = (await q.query('SELECT data FROM scorecard_schemes WHERE id = $1', [r.scheme_id])).rows[0].data as StoredScheme['data'];
  scheme.indicators.forEach((x, i) => order.set(x.indicator, i));
  return {
    ...(await summaryOf(q, r)),
    results: results.rows.map((x) => {
      const u = unit.get(Number(x.org_unit_id));
      return {
        orgUnitId: Number(x.org_unit_id),
        code: u?.code ?? '',
        name: u?.name ?? '',
        nameEn: u?.nameEn ?? null,
        points: String(x.points),
        maxPoints: String(x.max_points),
        score: x.score === null ? null : String(x.score),
        rank: x.rank,
        lines: (byUnit.get(Number(x.org_unit_id)) ?? []).sort((a, b) => (order.get(a.indicator) ?? 0) - (order.get(b.indicator) ?? 0)),
      };
    }),
  };
}

/** Runs visible to the principal, newest first; optionally of one period, level or root. */
export async function listRuns(
  q: Queryable,
  p: Principal,
  f: { period?: string; level?: string; rootOrgUnitId?: number; limit?: number },
): Promise<RunSummary[]> {
  const { rows } = await q.query(
    `${SUMMARY_SQL} WHERE r.org_path LIKE $1 || '%' AND ($2::text IS NULL OR r.period = $2) AND ($3::text IS NULL OR r.level = $3)
        AND ($5::bigint IS NULL OR r.root_org_unit_id = $5) ORDER BY r.computed_at DESC, r.id DESC LIMIT $4`,
    [p.orgPath, f.period ?? null, f.level ?? null, f.limit ?? 50, f.rootOrgUnitId ?? null],
  );
  return Promise.all(rows.map((r) => summaryOf(q, r)));
}

/** The current (latest) run of a period for a level and root; 404 when none was computed. */
export async function currentRun(q: Queryable, p: Principal, f: { period: string; level?: string; rootOrgUnitId?: number }): Promise<Run> {
  const root = await findOrgUnitInScope(q, f.rootOrgUnitId ?? p.orgUnitId, p.orgPath);
  if (!root) throw notFound('Org unit', '组织单位');
  const level = f.level ?? childLevel(root.level);
  const { rows } = await q.query(
    'SELECT id FROM scorecard_runs WHERE period = $1 AND level = $2 AND root_org_unit_id = $3 ORDER BY computed_at DESC, id DESC LIMIT 1',
    [f.period, level, root.id],
  );
  if (!rows[0]) throw notFound('Scorecard run', '对标计算');
  return getRun(q, p, Number(rows[0].id));
}

/** A unit's scores over the last `periods` monthly runs it was scored in (the latest run of each period), oldest first. */
export async function trend(q: Queryable, p: Principal, f: { orgUnitId: number; periods?: number }) {
  const unit = await findOrgUnitInScope(q, f.orgUnitId, p.orgPath);
  if (!unit) throw notFound('Org unit', '组织单位');
  const { rows } = await q.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (r.period) r.period, r.id, r.units, x.score, x.rank
         FROM scorecard_runs r JOIN scorecard_results x ON x.run_id = r.id AND x.org_unit_id = $1
        WHERE r.period_kind = 'month' AND r.org_path LIKE $2 || '%'
        ORDER BY r.period, r.computed_at DESC, r.id DESC) t
     ORDER BY period DESC LIMIT $3`,
    [unit.id, p.orgPath, f.periods ?? 12],
  );
  const ids = rows.map((r) => Number(r.id));
  const lines = (
    await q.query('SELECT run_id, indicator, value, points FROM scorecard_lines WHERE run_id = ANY($1::bigint[]) AND org_unit_id = $2', [ids, unit.id])
  ).rows;
  return {
    orgUnitId: unit.id,
    points: rows.reverse().map((r) => ({
      period: r.period,
      runId: Number(r.id),
      score: r.score === null ? null : String(r.score),
      rank: r.rank,
      units: r.units,
      lines: lines
        .filter((l) => Number(l.run_id) === Number(r.id))
        .map((l) => ({ indicator: l.indicator, value: l.value === null ? null : String(l.value), points: l.points === null ? null : String(l.points) })),
    })),
  };
}
