/**
 * Voltage monitoring import (电压监测, docs/scorecards.md "Voltage monitoring CSV"): a small CSV,
 * one row per monitoring point and month, UTF-8, header required:
 *
 *   point_code,org_unit_code,month,total_minutes,upper_minutes,lower_minutes
 *   V-CG-001,SF-QH-CG,2026-11,43200,12,30
 *
 * Idempotent: the same file (by SHA-256) is one import; a later file with the same point and
 * month replaces that row (a corrected export). All rows are checked first; any bad row refuses
 * the whole file with every problem named (line and column), and nothing is written.
 * Qualification rate = (total − above upper − below lower) / total (GB/T 12325 style, minutes).
 */
import { createHash } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { orgUnitRefsUnder } from '../orgs/index.js';
import type { VoltageImport } from './schemas.js';

const HEADER = ['point_code', 'org_unit_code', 'month', 'total_minutes', 'upper_minutes', 'lower_minutes'];
const MAX_PROBLEMS = 50;

export interface VoltageRow {
  /** the file's line number (1 = header) */
  line: number;
  pointCode: string;
  orgUnitCode: string;
  month: string;
  total: number;
  upper: number;
  lower: number;
}

type P = { field: string; rule: string; zh: string; en: string };

/** Pure: parses and checks the CSV text; rows, or the problems (line numbers are the file's, 1 = header). */
export function parseVoltageCsv(text: string): { rows: VoltageRow[]; problems: P[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: P[] = [];
  const head = (lines[0] ?? '').split(',').map((s) => s.trim());
  if (head.join(',') !== HEADER.join(','))
    return { rows: [], problems: [{ field: 'content', rule: 'header', zh: `首行须为 ${HEADER.join(',')}`, en: `the first line must be ${HEADER.join(',')}` }] };
  const rows: VoltageRow[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const f = `content[line ${i + 1}]`;
    const c = line.split(',').map((s) => s.trim());
    if (c.length !== HEADER.length) {
      problems.push({ field: f, rule: 'columns', zh: `须有 ${HEADER.length} 列`, en: `must have ${HEADER.length} columns` });
      continue;
    }
    const [pointCode, orgUnitCode, month, ...nums] = c;
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(pointCode)) problems.push({ field: `${f}.point_code`, rule: 'format', zh: '监测点编号格式错误', en: 'bad point code' });
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) problems.push({ field: `${f}.month`, rule: 'format', zh: '月份须为 YYYY-MM', en: 'month must be YYYY-MM' });
    const [total, upper, lower] = nums.map((s) => (/^\d{1,9}$/.test(s) ? Number(s) : NaN));
    if (!(total > 0))
      problems.push({ field: `${f}.total_minutes`, rule: 'positive', zh: '监测总时间须为正整数', en: 'total_minutes must be a positive integer' });
    if (Number.isNaN(upper)) problems.push({ field: `${f}.upper_minutes`, rule: 'integer', zh: '须为非负整数', en: 'must be a non-negative integer' });
    if (Number.isNaN(lower)) problems.push({ field: `${f}.lower_minutes`, rule: 'integer', zh: '须为非负整数', en: 'must be a non-negative integer' });
    if (total > 0 && upper + lower > total)
      problems.push({
        field: `${f}.upper_minutes`,
        rule: 'sum',
        zh: '超上限与超下限时间之和不得超过监测总时间',
        en: 'upper + lower minutes exceed total minutes',
      });
    const key = `${pointCode}|${month}`;
    if (seen.has(key)) problems.push({ field: `${f}.point_code`, rule: 'unique', zh: '同一监测点同一月份重复', en: 'the same point and month twice' });
    seen.add(key);
    rows.push({ line: i + 1, pointCode, orgUnitCode, month, total, upper, lower });
  }
  if (!problems.length && !rows.length) problems.push({ field: 'content', rule: 'empty', zh: '文件没有数据行', en: 'the file has no data rows' });
  return { rows, problems };
}

export async function importVoltage(db: Db, p: Principal, input: VoltageImport): Promise<{ importId: number; rows: number; replayed: boolean }> {
  const sha = createHash('sha256').update(input.content).digest('hex');
  const { rows, problems } = parseVoltageCsv(input.content);
  if (problems.length) throw badFields('BAD_VOLTAGE_FILE', '电压监测文件有误，未导入', 'the voltage monitoring file has errors; nothing imported', problems);
  const units = new Map((await orgUnitRefsUnder(db, p.orgPath)).map((u) => [u.code, u]));
  const unknown = rows.flatMap((r) =>
    units.has(r.orgUnitCode)
      ? []
      : [
          {
            field: `content[line ${r.line}].org_unit_code`,
            rule: 'org_scope',
            zh: '组织单位不存在或不在管辖范围内',
            en: 'org unit does not exist or is outside your scope',
          },
        ],
  );
  if (unknown.length)
    throw badFields('BAD_VOLTAGE_FILE', '电压监测文件有误，未导入', 'the voltage monitoring file has errors; nothing imported', unknown.slice(0, MAX_PROBLEMS));
  return withTx(db, async (tx) => {
    const had = await tx.query('SELECT id, rows FROM scorecard_voltage_imports WHERE sha256 = $1', [sha]);
    if (had.rows[0]) return { importId: Number(had.rows[0].id), rows: had.rows[0].rows, replayed: true };
    const imp = await tx.query('INSERT INTO scorecard_voltage_imports (sha256, file_name, rows, imported_by) VALUES ($1, $2, $3, $4) RETURNING id', [
      sha,
      input.fileName,
      rows.length,
      p.id,
    ]);
    const id = Number(imp.rows[0].id);
    const data = rows.map((r) => {
      const u = units.get(r.orgUnitCode)!;
      return { p: r.pointCode, m: `${r.month}-01`, u: u.id, path: u.path, t: r.total, up: r.upper, lo: r.lower };
    });
    await tx.query(
      `INSERT INTO scorecard_voltage_points (point_code, month, org_unit_id, org_path, total_minutes, upper_minutes, lower_minutes, import_id)
       SELECT x.p, x.m::date, x.u, x.path, x.t, x.up, x.lo, $2 FROM jsonb_to_recordset($1::jsonb) AS x(p text, m text, u bigint, path text, t bigint, up bigint, lo bigint)
       ON CONFLICT (point_code, month) DO UPDATE SET org_unit_id = EXCLUDED.org_unit_id, org_path = EXCLUDED.org_path, total_minutes = EXCLUDED.total_minutes,
         upper_minutes = EXCLUDED.upper_minutes, lower_minutes = EXCLUDED.lower_minutes, import_id = EXCLUDED.import_id`,
      [JSON.stringify(data), id],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'scorecard.voltage_import',
      entity: 'scorecard_voltage_import',
      entityId: id,
      orgUnitId: p.orgUnitId,
      before: null,
      after: { fileName: input.fileName, rows: rows.length, sha256: sha },
    });
    return { importId: id, rows: rows.length, replayed: false };
  });
}

/** Minutes per org path for the months (first days) given: numerator qualified minutes, denominator monitored minutes. */
export async function voltageByPath(q: Queryable, months: string[]): Promise<{ orgPath: string; num: number; den: number }[]> {
  const { rows } = await q.query(
    `SELECT org_path, sum(total_minutes - upper_minutes - lower_minutes)::bigint AS num, sum(total_minutes)::bigint AS den
       FROM scorecard_voltage_points WHERE month = ANY($1::date[]) GROUP BY org_path`,
    [months],
  );
  return rows.map((r) => ({ orgPath: r.org_path, num: Number(r.num), den: Number(r.den) }));
}

export async function voltageRecords(q: Queryable, orgPath: string, months: string[], page: { limit: number; offset: number }) {
  const args = [months, orgPath];
  const [count, items] = await Promise.all([
    q.query(`SELECT count(*)::int AS n FROM scorecard_voltage_points WHERE month = ANY($1::date[]) AND org_path LIKE $2 || '%'`, args),
    q.query(
      `SELECT point_code, month, total_minutes, upper_minutes, lower_minutes, import_id FROM scorecard_voltage_points
        WHERE month = ANY($1::date[]) AND org_path LIKE $2 || '%' ORDER BY month DESC, point_code LIMIT $3 OFFSET $4`,
      [...args, page.limit, page.offset],
    ),
  ]);
  return {
    total: count.rows[0].n,
    items: items.rows.map((r, i) => ({
      id: page.offset + i + 1,
      ref: r.point_code,
      at: new Date(r.month).toISOString(),
      inNumerator: Number(r.upper_minutes) + Number(r.lower_minutes) === 0,
      state: `${r.total_minutes} min, +${r.upper_minutes} / −${r.lower_minutes}`,
    })),
  };
}
