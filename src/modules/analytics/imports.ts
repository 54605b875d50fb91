/** Reading imports: the list and one import with its problems, within the reader's org scope. */
import type { Queryable } from '../../db/pool.js';
import { notFound } from '../../platform/errors.js';
import type { ImportDetail, ImportList, ImportSummary } from './schemas.js';

const iso = (v: Date | null) => (v ? v.toISOString() : null);

const COLUMNS = `id, format, source, file_name, checksum, size_bytes, status, lines, events, calls, duplicate_calls, spans, problems, problems_by_reason,
  first_at, last_at, org_unit_id, imported_by_name, started_at, finished_at, follow_offset`;

function toSummary(r: Record<string, any>): ImportSummary {
  return {
    id: Number(r.id),
    format: r.format,
    source: r.source,
    fileName: r.file_name,
    checksum: r.checksum,
    sizeBytes: Number(r.size_bytes),
    status: r.status,
    lines: Number(r.lines),
    events: Number(r.events),
    calls: Number(r.calls),
    duplicateCalls: Number(r.duplicate_calls),
    spans: Number(r.spans),
    problems: Number(r.problems),
    problemsByReason: r.problems_by_reason,
    firstAt: iso(r.first_at),
    lastAt: iso(r.last_at),
    orgUnitId: Number(r.org_unit_id),
    importedByName: r.imported_by_name,
    startedAt: r.started_at.toISOString(),
    finishedAt: iso(r.finished_at),
    followOffset: r.follow_offset === null ? null : Number(r.follow_offset),
  };
}

export async function listImports(db: Queryable, orgPath: string, q: ImportList): Promise<{ items: ImportSummary[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.query(`SELECT ${COLUMNS} FROM qa_imports WHERE org_path LIKE $1 || '%' ORDER BY id DESC LIMIT $2 OFFSET $3`, [orgPath, q.limit, q.offset]),
    db.query(`SELECT count(*)::int AS n FROM qa_imports WHERE org_path LIKE $1 || '%'`, [orgPath]),
  ]);
  return { items: rows.rows.map(toSummary), total: Number(total.rows[0].n) };
}

/** One import with its first problems (1000 are kept in full; all are counted by reason). Out of scope: 404. */
export async function getImport(db: Queryable, orgPath: string, id: number): Promise<ImportDetail> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM qa_imports WHERE id = $1 AND org_path LIKE $2 || '%'`, [id, orgPath]);
  if (!rows[0]) throw notFound('Import', '导入记录');
  const problems = await db.query('SELECT line, reason, detail FROM qa_import_problems WHERE import_id = $1 ORDER BY line, reason LIMIT 1000', [id]);
  return {
    ...toSummary(rows[0]),
    problemList: problems.rows.map((p) => ({ line: Number(p.line), reason: p.reason, detail: p.detail })),
    problemsShown: problems.rowCount ?? 0,
  };
}
