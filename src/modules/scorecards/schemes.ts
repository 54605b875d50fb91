/**
 * Scoring schemes: versioned data with validity dates (docs/scorecards.md "Scoring"). A run uses
 * the version of its code valid on its period's first local day. A new version closes the
 * previous open-ended one the day it begins.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, badFields, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { checkScheme, parsePeriod, type SchemeData } from './rules.js';
import type { Scheme, SchemeCreate } from './schemas.js';

export type StoredScheme = Scheme & { data: SchemeData };

const day = (d: unknown) =>
  d instanceof Date ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` : String(d);

const toScheme = (r: Record<string, any>): StoredScheme => ({
  id: Number(r.id),
  code: r.code,
  version: r.version,
  validFrom: day(r.valid_from),
  validTo: r.valid_to === null ? null : day(r.valid_to),
  data: r.data,
  source: r.source,
});

const SELECT = `SELECT id, code, version, valid_from::text AS valid_from, valid_to::text AS valid_to, data, source FROM scorecard_schemes`;

export async function listSchemes(q: Queryable): Promise<StoredScheme[]> {
  return (await q.query(`${SELECT} ORDER BY code, version DESC`)).rows.map(toScheme);
}

/** The version of `code` valid on the period's first local day (the offset is the scheme's; it is read from the latest version first). */
export async function schemeFor(q: Queryable, code: string, periodText: string): Promise<StoredScheme> {
  const latest = (await q.query(`${SELECT} WHERE code = $1 ORDER BY version DESC LIMIT 1`, [code])).rows[0];
  if (!latest) throw badField('schemeCode', 'exists', '评分方案不存在', 'no scoring scheme with this code');
  const p = parsePeriod(periodText, (latest.data as SchemeData).utcOffsetMinutes);
  if (!p) throw badField('period', 'format', '期间须为 YYYY-MM 或 YYYY-Qn', 'period must be YYYY-MM or YYYY-Qn');
  const { rows } = await q.query(
    `${SELECT} WHERE code = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date) ORDER BY version DESC LIMIT 1`,
    [code, p.firstDay],
  );
  if (!rows[0]) throw badField('period', 'no_scheme', '该期间没有有效的评分方案', 'no scoring scheme version is valid for this period');
  return toScheme(rows[0]);
}

export async function createSchemeVersion(db: Db, p: Principal, input: SchemeCreate): Promise<StoredScheme> {
  const problems = checkScheme(input.data as SchemeData);
  if (problems.length)
    throw badFields(
      'BAD_SCHEME',
      '评分方案有误',
      'the scoring scheme has errors',
      problems.map((x) => ({ ...x, field: `data.${x.field}` })),
    );
  return withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`scorecard_scheme:${input.code}`]);
    const prev = (await tx.query(`${SELECT} WHERE code = $1 ORDER BY version DESC LIMIT 1`, [input.code])).rows[0];
    if (prev && input.validFrom <= prev.valid_from)
      throw badField('validFrom', 'after_previous', '生效日期须晚于上一版本的生效日期', "validFrom must be after the previous version's validFrom");
    if (prev && prev.valid_to === null) await tx.query('UPDATE scorecard_schemes SET valid_to = $2 WHERE id = $1', [prev.id, input.validFrom]);
    const { rows } = await tx.query(
      `INSERT INTO scorecard_schemes (code, version, valid_from, data, source, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, code, version, valid_from::text AS valid_from, valid_to::text AS valid_to, data, source`,
      [input.code, (prev?.version ?? 0) + 1, input.validFrom, JSON.stringify(input.data), input.source, p.id],
    );
    const s = toScheme(rows[0]);
    await recordAudit(tx, actorOf(p), {
      action: 'scorecard.scheme_create',
      entity: 'scorecard_scheme',
      entityId: s.id,
      orgUnitId: p.orgUnitId,
      before: prev ? toScheme(prev) : null,
      after: s,
    });
    return s;
  });
}

export async function getScheme(q: Queryable, id: number): Promise<StoredScheme> {
  const r = (await q.query(`${SELECT} WHERE id = $1`, [id])).rows[0];
  if (!r) throw notFound('Scoring scheme', '评分方案');
  return toScheme(r);
}
