import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cycleEnd, firstByLine, groupLines, lineParser, MeterSlicer, parseReadingFile, quartersIn, type FileLine } from './reading-file-rules.js';
import { sumIntervals } from './tou-rules.js';
import { SEED_TARIFFS } from './tariff-data.js';

const H = 'meter_no,register,read_at,value,flag';

test('reading file: the documented layout parses; flags, comments, blank lines, BOM and T-separated times', () => {
  const f = parseReadingFile(
    `\uFEFF${H}\n# AMI export\n\nM1,kwh_total,2026-11-25 08:00,12345.67,\r\nM1,kvarh,2026-11-25T08:00,10,E\nM2,kwh_total,2026-11-25 09:15,3,C\n`,
  );
  assert.deepEqual(f.problems, []);
  assert.equal(f.dataLines, 3);
  assert.deepEqual(
    f.lines.map((l) => [l.lineNo, l.meterNo, l.register, l.readAt, l.value, l.estimated, l.meterChanged]),
    [
      [4, 'M1', 'kwh_total', '2026-11-25T08:00', '12345.67', false, false],
      [5, 'M1', 'kvarh', '2026-11-25T08:00', '10', true, false],
      [6, 'M2', 'kwh_total', '2026-11-25T09:15', '3', false, true],
    ],
  );
});

test('reading file: every bad line is named with its number and reason', () => {
  const f = parseReadingFile(
    [
      H,
      'M1,kwh_total,2026-11-25 08:00,1,',
      'M1,kwh_x,2026-11-25 08:00,1,',
      'M1,kwh_total,2026-02-30 08:00,1,',
      'M1,kwh_total,2026-11-25 08:00,-1,',
      'M1,kwh_total,2026-11-25 08:00,1.23456,',
      'M1,kwh_total,2026-11-25 08:00,1,X',
      'M1,kwh_15min,2026-11-25 08:05,1,',
      'M1,kwh_total,2026-11-25 08:00',
      'M 1,kwh_total,2026-11-25 08:00,1,',
    ].join('\n'),
  );
  assert.deepEqual(
    f.problems.map((p) => p.en.replace(/:.*/, '')),
    ['line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9', 'line 10'],
  );
  assert.match(f.problems[0].en, /register 'kwh_x' is not one of/);
  assert.match(f.problems[1].en, /read time '2026-02-30 08:00'/);
  assert.match(f.problems[5].en, /does not start on a quarter hour/);
  assert.match(f.problems[6].en, /5 columns expected, 3 found/);
  assert.match(f.problems[7].en, /meter number 'M 1' is malformed/);
  assert.match(f.problems[0].zh, /^第 3 行：/);
  assert.match(parseReadingFile('meter,reg\n1,2').problems[0].en, /^line 1: the header must be/);
  assert.match(parseReadingFile('').problems[0].en, /empty or has no header/);
});

test('grouping: a repeated line counts once, the same key with another value is refused naming both lines', () => {
  const ok = groupLines(
    parseReadingFile([H, 'M1,kwh_total,2026-11-25 08:00,10,', 'M1,kwh_total,2026-11-25 08:00,10.0,', 'M1,max_demand_kw,2026-11-25 08:00,50,'].join('\n')).lines,
  );
  assert.equal(ok.repeated, 1);
  assert.deepEqual(
    ok.reads.map((r) => [r.register, r.mode]),
    [
      ['kwh_total', 'index'],
      ['max_demand_kw', 'usage'],
    ],
  );
  const clash = groupLines(parseReadingFile([H, 'M1,kwh_total,2026-11-25 08:00,10,', 'M1,kwh_total,2026-11-25 08:00,11,'].join('\n')).lines);
  assert.equal(clash.problems[0].en, 'line 3: same meter, register and time as line 2 with another value (10 / 11)');
});

test('interval data: 15-minute values of a meter are grouped by cycle and summed into the tariff calendar periods', () => {
  const zjCi = SEED_TARIFFS.find((v) => v.code === 'ZJ-CI1-2024')!.content.touCalendar!;
  // one November day at 0.25 kWh per quarter hour (+ a repeated line), and one December quarter hour
  const rows = [H];
  for (let q = 0; q < 96; q++)
    rows.push(`M1,kwh_15min,2026-11-03 ${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')},0.25,`);
  rows.push('M1,kwh_15min,2026-11-03 00:00,0.25,', 'M1,kwh_15min,2026-12-01 10:00,1,');
  const g = groupLines(parseReadingFile(rows.join('\n')).lines);
  assert.equal(g.repeated, 1);
  assert.deepEqual(
    g.intervals.map((s) => [s.cycle, s.intervals.length]),
    [
      ['2026-11', 96],
      ['2026-12', 1],
    ],
  );
  const nov = sumIntervals(zjCi, g.intervals[0].intervals);
  // November ('other months'): valley 00–08, 11–13, 22–24 = 12 h; flat 08–09, 13–15, 17–19, 21–22 = 6 h; peak 09–11, 15–17, 19–21 = 6 h
  assert.deepEqual(
    { valley: nov.valley.toString(), flat: nov.flat.toString(), peak: nov.peak.toString(), critical: nov.critical.toString() },
    { valley: '12', flat: '6', peak: '6', critical: '0' },
  );
  // December is a critical-peak month: 10:00 is critical
  assert.equal(sumIntervals(zjCi, g.intervals[1].intervals).critical.toString(), '1');
  assert.equal(quartersIn('2026-11'), 2880);
  assert.equal(cycleEnd('2026-02'), '2026-02-28T23:45');
});

test('slices: a file grouped by meter is cut into slices of whole meters; grouping the slices gives what grouping the whole file gives', () => {
  // 7 meters: register reads, a repeated line, a clash, and a meter with 40 quarter hours (more rows than a slice's line cap)
  const rows = [H];
  for (let m = 1; m <= 7; m++) {
    rows.push(`M${m},kwh_total,2026-11-25 08:00,${100 * m},`, `M${m},kvarh,2026-11-25 08:00,${10 * m},${m === 2 ? 'E' : ''}`);
    if (m === 3) rows.push('M3,kwh_total,2026-11-25 08:00,300.0,'); // repeated
    if (m === 4) rows.push('M4,kvarh,2026-11-25 08:00,41,'); // the same key as the line before, another value
    if (m === 5)
      for (let q = 0; q < 40; q++)
        rows.push(`M5,kwh_15min,2026-11-03 ${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')},0.5,`);
  }
  const whole = parseReadingFile(rows.join('\n'));
  assert.deepEqual(whole.problems, []);
  const slicer = new MeterSlicer(2, 5);
  const slices: FileLine[][] = [];
  for (const l of whole.lines) {
    const full = slicer.push(l);
    if (full) slices.push(full);
  }
  slices.push(slicer.flush()!);
  assert.equal(slicer.flush(), null);
  const metersOf = (s: FileLine[]) => [...new Set(s.map((l) => l.meterNo))];
  // at most 2 meters a slice, closed early at 5 rows; M5's 42 rows stay whole in one slice
  assert.deepEqual(slices.map(metersOf), [['M1', 'M2'], ['M3', 'M4'], ['M5'], ['M6', 'M7']]);
  assert.ok(slices.every((s, i) => metersOf(s).every((m) => !slices.some((o, j) => j !== i && metersOf(o).includes(m)))));
  assert.deepEqual(slices.flat(), whole.lines);
  const all = groupLines(whole.lines);
  const parts = slices.map((s) => groupLines(s));
  assert.deepEqual(
    parts.flatMap((g) => g.reads),
    all.reads,
  );
  assert.deepEqual(
    parts.flatMap((g) => g.intervals),
    all.intervals,
  );
  assert.equal(
    parts.reduce((n, g) => n + g.repeated, 0),
    all.repeated,
  );
  assert.equal(all.repeated, 1);
  assert.deepEqual(
    parts.reduce((acc, g) => firstByLine(acc, g.problems), [] as typeof all.problems),
    all.problems,
  );
  assert.match(all.problems[0].en, /^line 11: same meter, register and time as line 10/);
  // the streaming parser is the whole-file parser, line by line
  const p = lineParser();
  const pushed = rows.map((r, i) => p.push(r, i + 1)).filter((l) => l !== null);
  p.finish();
  assert.deepEqual([pushed, p.problems, p.dataLines], [whole.lines, whole.problems, whole.dataLines]);
});

test('firstByLine: the problems with the lowest line numbers, in line order, at most the limit', () => {
  const pr = (line: number) => ({ line, zh: `第 ${line} 行`, en: `line ${line}` });
  assert.deepEqual(
    firstByLine([pr(5), pr(9)], [pr(2), pr(7)], 3).map((x) => x.line),
    [2, 5, 7],
  );
  assert.deepEqual(
    firstByLine([pr(5)], []).map((x) => x.line),
    [5],
  );
});
