/**
 * Importing call logs: an uploaded text (the console), a file read as a stream (the CLI, the demo
 * seed, the bench), and a growing file followed from the last byte offset stored (CLI --follow).
 *
 * A whole file is one transaction: its import row, calls, agent spans, problems and audit record
 * commit together or not at all. A file whose checksum (sha256 of its bytes) was imported before
 * is refused as a duplicate before anything is written; a call stored by another import (same
 * uniqueid and enter time) is counted, never stored twice. Following a file commits each newly
 * read stretch together with the new offset and the open calls, so a restart resumes exactly.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withTx, type Db, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { badField, conflict } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { QueueLogReader, type AgentSpan, type BuilderState, type CallRecord } from './calls-rules.js';
import { parseCallsCsv } from './csv-rules.js';
import { writeQueueLog } from './demo-log.js';
import {
  duplicateImport,
  emptyCounts,
  findByChecksum,
  insertImport,
  lockImports,
  saveImport,
  writeCalls,
  writeProblems,
  writeSpans,
  type ImportCounts,
  type ImportOwner,
  type NewImport,
} from './import-store.js';
import { getImport } from './imports.js';
import type { ImportDetail, ImportUpload } from './schemas.js';

/** Calls written per COPY. */
const BATCH = 50_000;
/** Problems kept in full per import (all are counted by reason). */
const KEEP_PROBLEMS = 1000;

export const ownerOf = (p: Principal): ImportOwner => ({
  orgUnitId: p.orgUnitId,
  orgPath: p.orgPath,
  userId: p.kind === 'user' ? p.id : null,
  userName: p.name,
});

function addCalls(c: ImportCounts, calls: CallRecord[]) {
  for (const x of calls) {
    if (c.firstAt === null || x.enterAt < c.firstAt) c.firstAt = x.enterAt;
    if (c.lastAt === null || x.endAt > c.lastAt) c.lastAt = x.endAt;
  }
}

async function writeAll(tx: Tx, id: number, owner: ImportOwner, c: ImportCounts, calls: CallRecord[], spans: AgentSpan[]) {
  // a drained batch is a little over BATCH: one COPY for it, not a large and a tiny one
  for (let i = 0; i < calls.length; i += 2 * BATCH) {
    const r = await writeCalls(tx, id, owner, calls.slice(i, i + 2 * BATCH));
    c.calls += r.inserted;
    c.duplicateCalls += r.duplicates;
  }
  addCalls(c, calls);
  c.spans += await writeSpans(tx, id, owner, spans);
}

function auditAfter(imp: NewImport, c: ImportCounts) {
  return {
    fileName: imp.fileName,
    format: imp.format,
    source: imp.source,
    checksum: imp.checksum,
    lines: c.lines,
    calls: c.calls,
    duplicateCalls: c.duplicateCalls,
    spans: c.spans,
    problems: c.problems,
  };
}

/** The console's upload: the file's text in the request. */
export async function importUpload(db: Db, p: Principal, body: ImportUpload): Promise<ImportDetail> {
  const format = body.format ?? 'queue_log';
  const checksum = createHash('sha256').update(body.text, 'utf8').digest('hex');
  const existing = await findByChecksum(db, checksum);
  if (existing !== null) throw duplicateImport(existing, 'text');
  const imp: NewImport = { format, source: 'upload', fileName: body.fileName, checksum, sizeBytes: Buffer.byteLength(body.text, 'utf8') };
  const c = emptyCounts();
  let calls: CallRecord[];
  let spans: AgentSpan[] = [];
  let problems;
  if (format === 'csv') {
    const r = parseCallsCsv(body.text);
    if (r.missingColumns.length)
      throw badField('text', 'csv_header', `CSV 缺少列：${r.missingColumns.join('、')}`, `the CSV lacks the columns ${r.missingColumns.join(', ')}`);
    calls = r.calls;
    problems = r.problems.slice(0, KEEP_PROBLEMS);
    c.lines = r.lines;
    c.events = r.calls.length;
    c.problems = r.problems.length;
    for (const x of r.problems) c.problemsByReason[x.reason] = (c.problemsByReason[x.reason] ?? 0) + 1;
  } else {
    const r = QueueLogReader.readAll(body.text, KEEP_PROBLEMS);
    calls = r.calls;
    spans = r.spans;
    problems = r.problems.kept;
    c.lines = r.lines;
    c.events = r.events;
    c.problems = r.problems.total;
    c.problemsByReason = { ...r.problems.byReason } as Record<string, number>;
  }
  if (c.events === 0) {
    throw badField(
      'text',
      format,
      format === 'csv' ? '文件中没有可用的通话记录行' : '文件中没有一行是 queue_log 事件（时间|uniqueid|队列|坐席|事件|…）',
      format === 'csv' ? 'no row of the file is a usable call' : 'no line of the file is a queue_log event (epoch|uniqueid|queue|member|EVENT|…)',
    );
  }
  const id = await withTx(db, async (tx) => {
    await lockImports(tx);
    const id = await insertImport(tx, imp, ownerOf(p), 'running');
    await writeAll(tx, id, ownerOf(p), c, calls, spans);
    await writeProblems(tx, id, problems);
    await saveImport(tx, id, c, { status: 'done' });
    await recordAudit(tx, actorOf(p), { action: 'analytics.import', entity: 'call_import', entityId: id, orgUnitId: p.orgUnitId, after: auditAfter(imp, c) });
    return id;
  });
  return getImport(db, p.orgPath, id);
}

/** sha256 of a file's bytes, read as a stream. */
export async function fileChecksum(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Reads a file's complete lines from byte `start` (to `end`, exclusive, or the end of the file):
 * each 1 MiB chunk is decoded once up to its last newline and split. Returns the byte offset just
 * after the last complete line, and the text after it (a line without its newline yet).
 * `onLines` may be async: reading waits for it (a batch being written).
 */
export async function scanLines(
  file: string,
  onLines: (lines: string[], offset: number) => void | Promise<void>,
  start = 0,
  end?: number,
): Promise<{ offset: number; rest: string }> {
  const stream = fs.createReadStream(file, { start, end: end === undefined ? undefined : end - 1, highWaterMark: 1 << 20 });
  let carry: Buffer | null = null;
  let offset = start;
  for await (const chunk of stream) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      carry = buf;
      continue;
    }
    const lines = buf.toString('utf8', 0, last).split('\n');
    offset += last + 1;
    carry = last + 1 < buf.length ? buf.subarray(last + 1) : null;
    await onLines(lines, offset);
  }
  return { offset, rest: carry ? carry.toString('utf8') : '' };
}

export interface FileImportOptions {
  format?: 'queue_log' | 'csv';
  source?: 'cli' | 'seed';
  /** file name to record (default: the base name) */
  fileName?: string;
  onProgress?: (doneBytes: number, totalBytes: number, stage: string) => void;
}

export interface FileImportResult {
  importId: number;
  counts: ImportCounts;
  bytes: number;
}

/** A whole file, read as a stream (no size limit): the CLI, the seed and the bench. */
export async function importFile(db: Db, owner: ImportOwner, actor: Actor, file: string, opts: FileImportOptions = {}): Promise<FileImportResult> {
  const format = opts.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'queue_log');
  const size = fs.statSync(file).size;
  const progress = opts.onProgress ?? (() => {});
  progress(0, size, 'checksum');
  const tc = performance.now();
  const checksum = await fileChecksum(file);
  if (process.env.QA_TIMING) console.log(`[qa] checksum ${(performance.now() - tc).toFixed(0)} ms`);
  const existing = await findByChecksum(db, checksum);
  if (existing !== null) throw duplicateImport(existing, 'file');
  const imp: NewImport = { format, source: opts.source ?? 'cli', fileName: opts.fileName ?? path.basename(file), checksum, sizeBytes: size };
  return withTx(db, async (tx) => {
    await lockImports(tx);
    const id = await insertImport(tx, imp, owner, 'running');
    const c = emptyCounts();
    let problems;
    if (format === 'csv') {
      const r = parseCallsCsv(fs.readFileSync(file, 'utf8'));
      if (r.missingColumns.length)
        throw badField('file', 'csv_header', `CSV 缺少列：${r.missingColumns.join('、')}`, `the CSV lacks the columns ${r.missingColumns.join(', ')}`);
      Object.assign(c, { lines: r.lines, events: r.calls.length, problems: r.problems.length });
      for (const x of r.problems) c.problemsByReason[x.reason] = (c.problemsByReason[x.reason] ?? 0) + 1;
      await writeAll(tx, id, owner, c, r.calls, []);
      problems = r.problems.slice(0, KEEP_PROBLEMS);
    } else {
      const reader = new QueueLogReader({ keepProblems: KEEP_PROBLEMS });
      // one batch is written while the next is read and parsed (PostgreSQL and Node on different cores)
      let writing: Promise<void> = Promise.resolve();
      let waited = 0;
      const flush = async () => {
        const { calls, spans } = reader.builder.drain();
        const tw = performance.now();
        await writing;
        waited += performance.now() - tw;
        writing = writeAll(tx, id, owner, c, calls, spans);
        writing.catch(() => {}); // awaited at the next flush or at the end
      };
      const { rest } = await scanLines(file, async (lines, offset) => {
        for (const l of lines) reader.line(l);
        if (reader.builder.done.length >= BATCH) await flush();
        progress(offset, size, 'import');
      });
      if (rest) reader.line(rest); // a last line without its newline
      for (const pr of reader.builder.finish(reader.maxTime)) reader.problems.add(pr);
      await flush();
      const tw = performance.now();
      await writing;
      if (process.env.QA_TIMING) console.log(`[qa] reader waited ${(waited + performance.now() - tw).toFixed(0)} ms for writes`);
      Object.assign(c, { lines: reader.lines, events: reader.events, problems: reader.problems.total, problemsByReason: { ...reader.problems.byReason } });
      problems = reader.problems.kept;
    }
    if (c.events === 0) {
      throw badField('file', format, '文件中没有可用的记录', 'no line of the file is a usable event');
    }
    await writeProblems(tx, id, problems);
    await saveImport(tx, id, c, { status: 'done' });
    await recordAudit(tx, actor, { action: 'analytics.import', entity: 'call_import', entityId: id, orgUnitId: owner.orgUnitId, after: auditAfter(imp, c) });
    progress(size, size, 'done');
    return { importId: id, counts: c, bytes: size };
  });
}

export interface FollowStep {
  importId: number;
  /** bytes read in this step */
  bytes: number;
  offset: number;
  newCalls: number;
  /** finished calls of this step that another import had stored already */
  duplicateCalls: number;
  newProblems: number;
  openCalls: number;
}

/**
 * One step of following a growing queue_log: reads the complete lines after the stored offset,
 * stores the calls they finish and the new offset and open state in one transaction. Running it
 * again after a crash or a restart reads from the last committed offset: nothing twice, nothing lost.
 * A file shorter than the stored offset (rotated or truncated) is refused.
 */
export async function followStep(db: Db, owner: ImportOwner, actor: Actor, file: string): Promise<FollowStep> {
  const abs = path.resolve(file);
  return withTx(db, async (tx) => {
    await lockImports(tx);
    let row = (
      await tx.query(
        `SELECT id, follow_offset, follow_state, lines, events, calls, duplicate_calls, spans, problems, problems_by_reason,
              extract(epoch FROM first_at)::bigint AS first_s, extract(epoch FROM last_at)::bigint AS last_s
         FROM qa_imports WHERE follow_path = $1 AND org_unit_id = $2 FOR UPDATE`,
        [abs, owner.orgUnitId],
      )
    ).rows[0];
    let id: number;
    if (!row) {
      id = await insertImport(
        tx,
        { format: 'queue_log', source: 'follow', fileName: path.basename(abs), checksum: null, sizeBytes: 0, followPath: abs },
        owner,
        'following',
      );
      row = {
        id,
        follow_offset: 0,
        follow_state: null,
        lines: 0,
        events: 0,
        calls: 0,
        duplicate_calls: 0,
        spans: 0,
        problems: 0,
        problems_by_reason: {},
        first_s: null,
        last_s: null,
      };
    }
    id = Number(row.id);
    const from = Number(row.follow_offset ?? 0);
    const size = fs.statSync(abs).size;
    if (size < from) {
      throw conflict(
        `文件比上次读到的位置（${from} 字节）还短：已轮转或被截断`,
        `the file is shorter than the offset read before (${from} bytes): rotated or truncated`,
        { importId: id },
        'FILE_SHRANK',
        [{ field: 'file', rule: 'shrank', message: '文件变短', messageEn: 'the file shrank' }],
      );
    }
    const state = row.follow_state as BuilderState | null;
    const reader = new QueueLogReader({ state: state ?? undefined, keepProblems: KEEP_PROBLEMS });
    const linesBefore = reader.lines;
    const { offset } =
      size > from
        ? await scanLines(
            abs,
            (lines) => {
              for (const l of lines) reader.line(l);
            },
            from,
            size,
          )
        : { offset: from };
    const c: ImportCounts = {
      lines: reader.lines,
      events: Number(row.events) + reader.events,
      calls: Number(row.calls),
      duplicateCalls: Number(row.duplicate_calls),
      spans: Number(row.spans),
      problems: Number(row.problems) + reader.problems.total,
      problemsByReason: { ...(row.problems_by_reason as Record<string, number>) },
      firstAt: row.first_s === null ? null : Number(row.first_s),
      lastAt: row.last_s === null ? null : Number(row.last_s),
    };
    for (const [k, n] of Object.entries(reader.problems.byReason)) c.problemsByReason[k] = (c.problemsByReason[k] ?? 0) + (n ?? 0);
    const { calls, spans } = reader.builder.drain();
    const callsBefore = c.calls;
    const dupBefore = c.duplicateCalls;
    await writeAll(tx, id, owner, c, calls, spans);
    await writeProblems(tx, id, reader.problems.kept);
    await saveImport(tx, id, c, { status: 'following', followOffset: offset, followState: reader.snapshot(), sizeBytes: offset });
    if (offset > from) {
      await recordAudit(tx, actor, {
        action: 'analytics.follow',
        entity: 'call_import',
        entityId: id,
        orgUnitId: owner.orgUnitId,
        after: { file: abs, from, to: offset, lines: reader.lines - linesBefore, calls: c.calls - callsBefore, problems: reader.problems.total },
      });
    }
    return {
      importId: id,
      bytes: offset - from,
      offset,
      newCalls: c.calls - callsBefore,
      duplicateCalls: c.duplicateCalls - dupBefore,
      newProblems: reader.problems.total,
      openCalls: reader.builder.openCalls,
    };
  });
}

/**
 * The demo seed's call centre: `weeks` whole days of the 95598 queue up to last midnight (local),
 * generated (demo-log.ts) into a temporary file and imported like `griddesk queuelog import`,
 * filed under the given principal's org unit (the county) and audited as theirs.
 */
export async function seedCallCentre(
  db: Db,
  p: Principal,
  opts: { seed: number; weeks?: number; callsPerDay?: number; now?: number },
): Promise<FileImportResult> {
  const tz = 480 * 60;
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const lastMidnight = Math.floor((now + tz) / 86400) * 86400 - tz;
  const days = 7 * (opts.weeks ?? 4);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-demo-queuelog-'));
  const file = path.join(dir, 'queue_log');
  try {
    await writeQueueLog(file, { start: lastMidnight - days * 86400, days, seed: opts.seed, agents: 12, callsPerDay: opts.callsPerDay ?? 1000 });
    return await importFile(db, ownerOf(p), actorOf(p), file, { source: 'seed', fileName: 'queue_log (demo 95598)' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
