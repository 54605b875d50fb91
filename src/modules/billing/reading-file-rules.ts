/**
 * The AMI/MDM reading file (docs/billing.md §9): pure parsing and grouping, no I/O.
 *
 *   meter_no,register,read_at,value,flag
 *   370100000001,kwh_total,2026-11-25 08:00,12345.67,
 *   370100000001,kwh_15min,2026-11-01 00:00,0.42,
 *
 * - The first non-comment line is that header, exactly. Lines starting with `#` and blank lines are skipped.
 * - `register`: kwh_total, kwh_critical, kwh_peak, kwh_flat, kwh_valley, kvarh (register readings,
 *   cumulative), max_demand_kw (the month's maximum demand), kwh_15min (the kWh of the quarter hour
 *   starting at read_at: interval data, summed into TOU periods by the account's tariff calendar).
 * - `read_at`: China Standard Time, `YYYY-MM-DD HH:MM` (or with `T`); intervals on quarter hours.
 * - `value`: non-negative decimal, at most 4 decimals.
 * - `flag`: empty or `A` actual, `E` estimated (估抄), `C` the first reading of a new meter (换表).
 *
 * A line whose key (meter, register, read time) repeats with the same value is counted once ("repeated");
 * with another value it is refused naming both lines.
 */
import type { Period } from './schemas.js';

export const READING_HEADER = 'meter_no,register,read_at,value,flag';
export const INDEX_REGISTERS = ['kwh_total', 'kwh_critical', 'kwh_peak', 'kwh_flat', 'kwh_valley', 'kvarh'] as const;
export const FILE_REGISTERS = [...INDEX_REGISTERS, 'max_demand_kw', 'kwh_15min'] as const;
export type FileRegister = (typeof FILE_REGISTERS)[number];
export type StoredRegister = Exclude<FileRegister, 'kwh_15min'>;
export const PERIOD_REGISTER: Record<Period, StoredRegister> = { critical: 'kwh_critical', peak: 'kwh_peak', flat: 'kwh_flat', valley: 'kwh_valley' };

export interface FileLine {
  lineNo: number;
  meterNo: string;
  register: FileRegister;
  readAt: string;
  value: string;
  estimated: boolean;
  meterChanged: boolean;
}
export interface LineProblem {
  line: number;
  zh: string;
  en: string;
}
export interface ParsedFile {
  lines: FileLine[];
  problems: LineProblem[];
  dataLines: number;
}

const VALUE = /^\d{1,14}(\.\d{1,4})?$/;
const TIME = /^(\d{4})-(\d\d)-(\d\d)[ T]([01]\d|2[0-3]):([0-5]\d)$/;
const METER = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The line-by-line parser behind parseReadingFile, for a file read as a stream: `push` each raw line with its
 * number (1-based, blank and `#` lines included), `finish` at the end. At most `maxProblems` problems are kept.
 */
export interface LineParser {
  push(raw: string, lineNo: number): FileLine | null;
  finish(): void;
  readonly problems: LineProblem[];
  readonly dataLines: number;
}

export function lineParser(maxProblems = 20): LineParser {
  const problems: LineProblem[] = [];
  let header = false;
  let dataLines = 0;
  const bad = (line: number, zh: string, en: string) => {
    if (problems.length < maxProblems) problems.push({ line, zh: `第 ${line} 行：${zh}`, en: `line ${line}: ${en}` });
  };
  const push = (row: string, lineNo: number): FileLine | null => {
    const raw = row.trim();
    if (!raw || raw.startsWith('#')) return null;
    if (!header) {
      if (raw.replace(/^\uFEFF/, '').toLowerCase() !== READING_HEADER) bad(lineNo, `表头应为 “${READING_HEADER}”`, `the header must be '${READING_HEADER}'`);
      header = true;
      return null;
    }
    dataLines++;
    const f = raw.split(',').map((s) => s.trim());
    if (f.length !== 5) {
      bad(lineNo, `应有 5 列，实有 ${f.length} 列`, `5 columns expected, ${f.length} found`);
      return null;
    }
    const [meterNo, register, readAt, value, flag] = f;
    if (!METER.test(meterNo)) {
      bad(lineNo, `表号 “${meterNo}” 格式不对`, `meter number '${meterNo}' is malformed`);
      return null;
    }
    if (!(FILE_REGISTERS as readonly string[]).includes(register)) {
      bad(lineNo, `寄存器 “${register}” 不是 ${FILE_REGISTERS.join('/')} 之一`, `register '${register}' is not one of ${FILE_REGISTERS.join(', ')}`);
      return null;
    }
    const t = TIME.exec(readAt);
    if (!t || !validDate(+t[1], +t[2], +t[3])) {
      bad(lineNo, `抄表时间 “${readAt}” 应为 YYYY-MM-DD HH:MM`, `read time '${readAt}' must be YYYY-MM-DD HH:MM`);
      return null;
    }
    if (register === 'kwh_15min' && +t[5] % 15) {
      bad(lineNo, `15 分钟电量的时间 ${readAt} 不在整刻钟上`, `interval ${readAt} does not start on a quarter hour`);
      return null;
    }
    if (!VALUE.test(value)) {
      bad(lineNo, `示数 “${value}” 应为非负数（最多 4 位小数）`, `value '${value}' must be a non-negative number with at most 4 decimals`);
      return null;
    }
    if (!['', 'A', 'E', 'C'].includes(flag)) {
      bad(lineNo, `标志 “${flag}” 应为空、A、E 或 C`, `flag '${flag}' must be empty, A, E or C`);
      return null;
    }
    return {
      lineNo,
      meterNo,
      register: register as FileRegister,
      readAt: `${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}`,
      value,
      estimated: flag === 'E',
      meterChanged: flag === 'C',
    };
  };
  return {
    push,
    finish() {
      if (!header) bad(1, `文件为空或缺少表头 “${READING_HEADER}”`, `the file is empty or has no header '${READING_HEADER}'`);
    },
    problems,
    get dataLines() {
      return dataLines;
    },
  };
}

/** Parses the file text; at most `maxProblems` problems are collected, each naming its line. */
export function parseReadingFile(text: string, maxProblems = 20): ParsedFile {
  const rows = text.split(/\r?\n/);
  const parser = lineParser(maxProblems);
  const lines: FileLine[] = [];
  for (let i = 0; i < rows.length; i++) {
    const l = parser.push(rows[i], i + 1);
    if (l) lines.push(l);
  }
  parser.finish();
  return { lines, problems: parser.problems, dataLines: parser.dataLines };
}

/**
 * Cuts lines that come grouped by meter (every line of a meter next to each other) into slices of whole
 * meters: a slice is closed before the meter that would make it `maxMeters` + 1 meters, or once it holds
 * `maxLines` lines or more; a meter is never split (a slice holds at least one whole meter however many
 * lines it has). `push` returns the slice it closed, `flush` the last one.
 */
export class MeterSlicer {
  private buf: FileLine[] = [];
  private meters = 0;
  private current: string | null = null;
  constructor(
    private readonly maxMeters: number,
    private readonly maxLines: number,
  ) {}
  push(l: FileLine): FileLine[] | null {
    let out: FileLine[] | null = null;
    if (l.meterNo !== this.current) {
      if (this.buf.length && (this.meters >= this.maxMeters || this.buf.length >= this.maxLines)) out = this.flush();
      this.meters++;
      this.current = l.meterNo;
    }
    this.buf.push(l);
    return out;
  }
  flush(): FileLine[] | null {
    if (!this.buf.length) return null;
    const out = this.buf;
    this.buf = [];
    this.meters = 0;
    return out;
  }
}

/** The problems of `acc` and `more` with the lowest line numbers, at most `max`, in line order (as a whole-file pass would list them). */
export function firstByLine(acc: LineProblem[], more: LineProblem[], max = 20): LineProblem[] {
  if (!more.length) return acc;
  return [...acc, ...more].sort((a, b) => a.line - b.line).slice(0, max);
}

function validDate(y: number, m: number, d: number) {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The billing cycle (YYYY-MM) of a local read time. */
export const cycleOf = (local: string) => local.slice(0, 7);
/** The last quarter hour of a cycle, local time: where the month's usage (interval sums) is dated. */
export function cycleEnd(cycle: string): string {
  const last = new Date(Date.UTC(+cycle.slice(0, 4), +cycle.slice(5, 7), 0)).getUTCDate();
  return `${cycle}-${String(last).padStart(2, '0')}T23:45`;
}

export interface IndexRead {
  meterNo: string;
  register: StoredRegister;
  readAt: string;
  value: string;
  estimated: boolean;
  meterChanged: boolean;
  lineNo: number;
  mode: 'index' | 'usage';
}
export interface IntervalSet {
  meterNo: string;
  cycle: string;
  intervals: { start: string; kwh: string }[];
  lineNo: number;
}
export interface Grouped {
  reads: IndexRead[];
  intervals: IntervalSet[];
  repeated: number;
  problems: LineProblem[];
}

/**
 * Deduplicates lines by key and sets interval lines apart by meter and cycle. A repeated line with the
 * same value is counted in `repeated`; the same key with another value is a problem naming both lines.
 */
export function groupLines(lines: FileLine[], maxProblems = 20): Grouped {
  const seen = new Map<string, FileLine>();
  const reads: IndexRead[] = [];
  const sets = new Map<string, IntervalSet>();
  const problems: LineProblem[] = [];
  let repeated = 0;
  for (const l of lines) {
    const key = `${l.meterNo}|${l.register}|${l.readAt}`;
    const first = seen.get(key);
    if (first) {
      if (Number(first.value) === Number(l.value) && first.estimated === l.estimated && first.meterChanged === l.meterChanged) repeated++;
      else if (problems.length < maxProblems)
        problems.push({
          line: l.lineNo,
          zh: `第 ${l.lineNo} 行：与第 ${first.lineNo} 行同一表计、寄存器和时间，示数不同（${first.value} / ${l.value}）`,
          en: `line ${l.lineNo}: same meter, register and time as line ${first.lineNo} with another value (${first.value} / ${l.value})`,
        });
      continue;
    }
    seen.set(key, l);
    if (l.register === 'kwh_15min') {
      const cycle = cycleOf(l.readAt);
      const k = `${l.meterNo}|${cycle}`;
      const s = sets.get(k) ?? { meterNo: l.meterNo, cycle, intervals: [], lineNo: l.lineNo };
      s.intervals.push({ start: l.readAt, kwh: l.value });
      sets.set(k, s);
    } else {
      reads.push({
        meterNo: l.meterNo,
        register: l.register,
        readAt: l.readAt,
        value: l.value,
        estimated: l.estimated,
        meterChanged: l.meterChanged,
        lineNo: l.lineNo,
        mode: l.register === 'max_demand_kw' ? 'usage' : 'index',
      });
    }
  }
  return { reads, intervals: [...sets.values()], repeated, problems };
}

/** The number of quarter hours in a cycle (a complete month of interval data). */
export function quartersIn(cycle: string): number {
  return new Date(Date.UTC(+cycle.slice(0, 4), +cycle.slice(5, 7), 0)).getUTCDate() * 96;
}
