/**
 * Writing an import inside its transaction: the import row, calls in batches through COPY into a
 * temporary table and one INSERT … ON CONFLICT DO NOTHING (a call already stored by another import
 * is counted as a duplicate, not stored twice), agent spans and problems as multi-row inserts.
 */
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { copyValue } from '../../db/copy.js';
import type { Queryable, Tx } from '../../db/pool.js';
import { conflict } from '../../platform/errors.js';
import type { AgentSpan, CallRecord } from './calls-rules.js';
import type { LineProblem } from './queuelog-rules.js';
import { BinaryCopyWriter } from './copy-binary.js';

export interface ImportOwner {
  orgUnitId: number;
  orgPath: string;
  userId: number | null;
  userName: string | null;
}

export interface NewImport {
  format: 'queue_log' | 'csv';
  source: 'upload' | 'cli' | 'follow' | 'seed';
  fileName: string;
  checksum: string | null;
  sizeBytes: number;
  followPath?: string | null;
}

export interface ImportCounts {
  lines: number;
  events: number;
  calls: number;
  duplicateCalls: number;
  spans: number;
  problems: number;
  problemsByReason: Record<string, number>;
  firstAt: number | null;
  lastAt: number | null;
}

export const emptyCounts = (): ImportCounts => ({
  lines: 0,
  events: 0,
  calls: 0,
  duplicateCalls: 0,
  spans: 0,
  problems: 0,
  problemsByReason: {},
  firstAt: null,
  lastAt: null,
});

/** A file already imported (same checksum): the existing import's id, or null. */
export async function findByChecksum(db: Queryable, checksum: string): Promise<number | null> {
  const { rows } = await db.query('SELECT id FROM qa_imports WHERE checksum = $1', [checksum]);
  return rows[0] ? Number(rows[0].id) : null;
}

export function duplicateImport(existingId: number, field: string) {
  return conflict('该文件已导入过，未重复导入', 'This file was imported before; nothing was imported again', { importId: existingId }, 'DUPLICATE_IMPORT', [
    { field, rule: 'duplicate', message: `文件内容与第 ${existingId} 次导入相同`, messageEn: `the file has the same content as import ${existingId}` },
  ]);
}

export async function insertImport(tx: Tx, imp: NewImport, owner: ImportOwner, status: 'running' | 'following'): Promise<number> {
  await tx.query('SAVEPOINT qa_import_row');
  try {
    const { rows } = await tx.query(
      `INSERT INTO qa_imports (format, source, file_name, checksum, size_bytes, status, org_unit_id, org_path, imported_by, imported_by_name, follow_path, follow_offset)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11, CASE WHEN $11::text IS NULL THEN NULL ELSE 0 END) RETURNING id`,
      [
        imp.format,
        imp.source,
        imp.fileName,
        imp.checksum,
        imp.sizeBytes,
        status,
        owner.orgUnitId,
        owner.orgPath,
        owner.userId,
        owner.userName,
        imp.followPath ?? null,
      ],
    );
    await tx.query('RELEASE SAVEPOINT qa_import_row');
    return Number(rows[0].id);
  } catch (e) {
    await tx.query('ROLLBACK TO SAVEPOINT qa_import_row');
    if ((e as { code?: string }).code === '23505' && imp.checksum) {
      // another import of the same file committed while this one was reading it
      throw duplicateImport((await findByChecksum(tx, imp.checksum)) ?? 0, 'file');
    }
    throw e;
  }
}

/** Updates the import row's counters (and, for a followed file, how far it was read). */
export async function saveImport(
  tx: Tx,
  id: number,
  c: ImportCounts,
  done: { status: 'done' | 'following'; followOffset?: number; followState?: unknown; sizeBytes?: number },
) {
  await tx.query(
    `UPDATE qa_imports SET lines = $2, events = $3, calls = $4, duplicate_calls = $5, spans = $6, problems = $7, problems_by_reason = $8,
            first_at = to_timestamp($9), last_at = to_timestamp($10), status = $11, finished_at = CASE WHEN $11 = 'done' THEN now() END,
            follow_offset = COALESCE($12, follow_offset), follow_state = COALESCE($13::jsonb, follow_state), size_bytes = COALESCE($14, size_bytes)
      WHERE id = $1`,
    [
      id,
      c.lines,
      c.events,
      c.calls,
      c.duplicateCalls,
      c.spans,
      c.problems,
      JSON.stringify(c.problemsByReason),
      c.firstAt,
      c.lastAt,
      done.status,
      done.followOffset ?? null,
      done.followState === undefined ? null : JSON.stringify(done.followState),
      done.sizeBytes ?? null,
    ],
  );
}

const STAGE_COLUMNS =
  'enter_s, cti_call_id, queue, caller_id, outcome, wait_s, answered_s, agent, ring_s, talk_s, end_s, rings, abandoned_while_ringing, orig_pos, exit_key, transfer_to';
const CALL_COLUMNS =
  'enter_at, cti_call_id, import_id, org_unit_id, org_path, queue, caller_id, outcome, wait_s, answered_at, agent, ring_s, talk_s, end_at, rings, abandoned_while_ringing, orig_pos, exit_key, transfer_to';

/** Imports write one at a time (a transaction-scoped advisory lock): two imports of overlapping logs never race on the same calls. */
export async function lockImports(tx: Tx): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('qa_calls import'))`);
}

async function copyData(tx: Tx, sql: string, data: string | Buffer) {
  const stream = tx.query(copyFrom(sql));
  const done = finished(stream);
  stream.end(data);
  await done;
}

/**
 * Stores calls of one import (the caller holds lockImports); returns how many were new and how
 * many were already stored. The batch goes straight into qa_calls by binary COPY (duplicates inside
 * the batch dropped first) under a savepoint; when it meets a stored call (duplicate key) it is rolled
 * back to the savepoint and goes through a staging table and INSERT … ON CONFLICT DO NOTHING, which
 * counts the calls already there.
 */
export async function writeCalls(tx: Tx, importId: number, owner: ImportOwner, calls: CallRecord[]): Promise<{ inserted: number; duplicates: number }> {
  if (calls.length === 0) return { inserted: 0, duplicates: 0 };
  const t0 = performance.now();
  if (!process.env.QA_STAGED) {
    const seen = new Set<string>();
    const w = new BinaryCopyWriter(calls.length * 160);
    for (const c of calls) {
      const key = `${c.enterAt}|${c.ctiCallId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      w.row(19);
      w.time(c.enterAt);
      w.text(c.ctiCallId);
      w.int8(importId);
      w.int8(owner.orgUnitId);
      w.text(owner.orgPath);
      w.text(c.queue);
      w.text(c.callerId);
      w.text(c.outcome);
      w.int4(c.waitS);
      w.time(c.answeredAt);
      w.text(c.agent);
      w.int4(c.ringS);
      w.int4(c.talkS);
      w.time(c.endAt);
      w.int4(c.ringsBeforeAnswer);
      w.bool(c.abandonedWhileRinging);
      w.int4(c.origPos);
      w.text(c.exitKey);
      w.text(c.transferTo);
    }
    await tx.query('SAVEPOINT qa_calls_copy');
    try {
      await copyData(tx, `COPY qa_calls (${CALL_COLUMNS}) FROM STDIN (FORMAT binary)`, w.finish());
      await tx.query('RELEASE SAVEPOINT qa_calls_copy');
      if (process.env.QA_TIMING) console.log(`[qa] writeCalls ${calls.length}: direct copy ${(performance.now() - t0).toFixed(0)} ms`);
      return { inserted: seen.size, duplicates: calls.length - seen.size };
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT qa_calls_copy');
      if ((e as { code?: string }).code !== '23505') throw e;
      // some of these calls are stored already: the staged path below counts them
    }
  }
  await tx.query(`CREATE TEMP TABLE IF NOT EXISTS qa_calls_in (enter_s bigint, cti_call_id text, queue text, caller_id text, outcome text, wait_s int, answered_s bigint, agent text,
    ring_s int, talk_s int, end_s bigint, rings int, abandoned_while_ringing boolean, orig_pos int, exit_key text, transfer_to text) ON COMMIT DROP`);
  await tx.query('TRUNCATE qa_calls_in');
  const parts: string[] = [];
  for (const c of calls) {
    parts.push(
      `${c.enterAt}\t${copyValue(c.ctiCallId)}\t${copyValue(c.queue)}\t${copyValue(c.callerId)}\t${c.outcome}\t${c.waitS}\t${copyValue(c.answeredAt)}\t${copyValue(c.agent)}\t${copyValue(c.ringS)}\t${copyValue(c.talkS)}\t${c.endAt}\t${c.ringsBeforeAnswer}\t${c.abandonedWhileRinging ? 't' : 'f'}\t${copyValue(c.origPos)}\t${copyValue(c.exitKey)}\t${copyValue(c.transferTo)}\n`,
    );
  }
  await copyData(tx, `COPY qa_calls_in (${STAGE_COLUMNS}) FROM STDIN`, parts.join(''));
  const { rows } = await tx.query(
    `WITH ins AS (
       INSERT INTO qa_calls (${CALL_COLUMNS})
       SELECT to_timestamp(enter_s), cti_call_id, $1, $2, $3, queue, caller_id, outcome, wait_s, to_timestamp(answered_s), agent, ring_s, talk_s, to_timestamp(end_s), rings, abandoned_while_ringing, orig_pos, exit_key, transfer_to
         FROM qa_calls_in
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [importId, owner.orgUnitId, owner.orgPath],
  );
  const inserted = Number(rows[0].n);
  if (process.env.QA_TIMING) console.log(`[qa] writeCalls ${calls.length}: staged ${(performance.now() - t0).toFixed(0)} ms`);
  return { inserted, duplicates: calls.length - inserted };
}

export async function writeSpans(tx: Tx, importId: number, owner: ImportOwner, spans: AgentSpan[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < spans.length; i += 10_000) {
    const b = spans.slice(i, i + 10_000);
    const r = await tx.query(
      `INSERT INTO qa_agent_states (from_at, agent, to_at, state, reason, import_id, org_unit_id, org_path)
       SELECT to_timestamp(f), a, to_timestamp(t), s, r, $6, $7, $8 FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS x(f, a, t, s, r)
       ON CONFLICT DO NOTHING`,
      [
        b.map((s) => s.from),
        b.map((s) => s.agent),
        b.map((s) => s.to),
        b.map((s) => s.state),
        b.map((s) => s.reason),
        importId,
        owner.orgUnitId,
        owner.orgPath,
      ],
    );
    n += r.rowCount ?? 0;
  }
  return n;
}

export async function writeProblems(tx: Tx, importId: number, problems: LineProblem[]): Promise<void> {
  for (let i = 0; i < problems.length; i += 5_000) {
    const b = problems.slice(i, i + 5_000);
    await tx.query(
      `INSERT INTO qa_import_problems (import_id, line, reason, detail) SELECT $1, l, r, d FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(l, r, d) ON CONFLICT DO NOTHING`,
      [importId, b.map((p) => p.line), b.map((p) => p.reason), b.map((p) => p.detail)],
    );
  }
}
