/**
 * queuelog: importing a large Asterisk queue_log into the call-centre analytics.
 *
 * Generates BENCH_QUEUELOG_LINES lines (default 2,000,000) of the demo 95598 queue to a temporary
 * file, then in the same run measures
 *  1. read+split: reading the file and splitting it into lines, nothing else (the denominator),
 *  2. parse: the same plus parsing every line and building calls and agent spans (no database),
 *  3. import: `importFile` exactly as `griddesk queuelog import` runs it: checksum, read, parse,
 *     build, COPY of the calls through the staging table, spans, problems, audit, one transaction.
 * Prints lines_per_s of the import (goal ≥ 100,000) and ratio = import lines/s ÷ read+split lines/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile, scanLines, writeQueueLog } from '../src/modules/analytics/index.js';
import { QueueLogReader } from '../src/modules/analytics/index.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.js';
import { benchDatabase } from './support/database.js';
import { resultLine, round } from './support/percentiles.js';

const GOAL = 100_000;

export async function run(): Promise<Record<string, number>> {
  const target = Number(process.env.BENCH_QUEUELOG_LINES ?? 2_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-queuelog-'));
  const file = path.join(dir, 'queue_log');
  const b = await benchDatabase('queuelog');
  try {
    console.log(`[queuelog] ${b.where}`);
    let t = performance.now();
    const start = Date.parse('2026-01-05T00:00:00Z') / 1000 - 8 * 3600;
    const lines = await writeQueueLog(file, { start, days: 3650, seed: 7, agents: 60, callsPerDay: 20_000 }, target);
    const bytes = fs.statSync(file).size;
    console.log(`[queuelog] generated ${lines} lines (${round(bytes / 1048576, 1)} MiB) in ${round((performance.now() - t) / 1000, 1)} s`);

    t = performance.now();
    let n = 0;
    const { rest } = await scanLines(file, (ls) => {
      n += ls.length;
    });
    if (rest) n++;
    const readS = (performance.now() - t) / 1000;
    const readRate = n / readS;
    console.log(`[queuelog] read+split alone: ${n} lines in ${round(readS, 2)} s = ${round(readRate, 0)} lines/s`);

    t = performance.now();
    const reader = new QueueLogReader();
    let calls = 0;
    await scanLines(file, (ls) => {
      for (const l of ls) reader.line(l);
      calls += reader.builder.drain().calls.length;
    });
    reader.builder.finish(reader.maxTime);
    calls += reader.builder.drain().calls.length;
    const parseS = (performance.now() - t) / 1000;
    console.log(
      `[queuelog] read+parse+build (no database): ${reader.lines} lines, ${calls} calls in ${round(parseS, 2)} s = ${round(reader.lines / parseS, 0)} lines/s`,
    );

    t = performance.now();
    const owner = { orgUnitId: 1, orgPath: '/1/', userId: null, userName: 'bench' };
    const r = await importFile(b.db, owner, SYSTEM_ACTOR, file, { source: 'cli' });
    const importS = (performance.now() - t) / 1000;
    const rate = r.counts.lines / importS;
    const stored = (await b.db.query('SELECT count(*)::int AS n FROM qa_calls')).rows[0].n as number;
    console.log(
      `[queuelog] import: ${r.counts.lines} lines, ${r.counts.calls} calls stored (${stored} in the table), ${r.counts.spans} agent spans, ${r.counts.problems} problems ${JSON.stringify(r.counts.problemsByReason)} in ${round(importS, 2)} s`,
    );
    console.log(
      `[queuelog] import rate ${round(rate, 0)} lines/s (goal ≥ ${GOAL}); ratio = import lines/s ÷ read+split lines/s of the same file in this run = ${round(rate, 0)} / ${round(readRate, 0)} = ${round(rate / readRate, 3)}`,
    );
    if (stored !== r.counts.calls) throw new Error(`stored ${stored} calls, the import counted ${r.counts.calls}`);
    const result = {
      lines: r.counts.lines,
      lines_per_s: round(rate, 0),
      ratio: round(rate / readRate, 3),
      read_split_lines_per_s: round(readRate, 0),
      parse_lines_per_s: round(reader.lines / parseS, 0),
      calls: r.counts.calls,
      import_s: round(importS, 2),
    };
    console.log(resultLine('queuelog', result));
    return result;
  } finally {
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
