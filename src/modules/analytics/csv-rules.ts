/**
 * A generic CSV layout for ACDs other than Asterisk (pure): one call per row, mapped to the same
 * call records as the queue_log. Documented in docs/analytics.md ("Generic CSV").
 *
 * Header row required; columns by name, any order, extra columns ignored:
 *   call_id (required)    the ACD's call id (kept as the CTI call id)
 *   queue (required)
 *   enter_at (required)   ISO 8601 with offset, or epoch seconds
 *   outcome (required)    answered | transferred | abandoned | timeout | exit_empty | exit_key | rejected
 *   wait_s (required)     seconds in queue (to answer, or to leaving)
 *   agent, caller_id, ring_s, talk_s, rings, exit_key, transfer_to   optional
 * Values may be double-quoted ("a,b"); a doubled quote inside is a quote. No line breaks inside values.
 */
import { OUTCOMES, type CallRecord, type Outcome } from './calls-rules.js';
import type { LineProblem } from './queuelog-rules.js';

export const CSV_REQUIRED = ['call_id', 'queue', 'enter_at', 'outcome', 'wait_s'] as const;

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function epoch(v: string): number | null {
  if (/^\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v));
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}
const nonNeg = (v: string | undefined): number | null | 'bad' => (v === undefined || v === '' ? null : /^\d+(\.\d+)?$/.test(v) ? Math.round(Number(v)) : 'bad');

/** Parses the CSV; a row that breaks the layout is a problem (line number, reason), never an exception. */
export function parseCallsCsv(text: string): { calls: CallRecord[]; problems: LineProblem[]; lines: number; missingColumns: string[] } {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const missingColumns = CSV_REQUIRED.filter((c) => !header.includes(c));
  const calls: CallRecord[] = [];
  const problems: LineProblem[] = [];
  if (missingColumns.length) return { calls, problems, lines: lines.length, missingColumns };
  const col = (name: string) => header.indexOf(name);
  const ix = Object.fromEntries(
    ['call_id', 'queue', 'enter_at', 'outcome', 'wait_s', 'agent', 'caller_id', 'ring_s', 'talk_s', 'rings', 'exit_key', 'transfer_to'].map((c) => [c, col(c)]),
  );
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    if (!lines[i]) continue;
    const f = splitCsvLine(lines[i]);
    const get = (c: string) => (ix[c] >= 0 ? f[ix[c]] : undefined);
    const bad = (detail: string) => problems.push({ line, reason: 'bad_number', detail });
    if (f.length < header.length) {
      problems.push({ line, reason: 'truncated', detail: `${f.length} fields, header has ${header.length}` });
      continue;
    }
    const enterAt = epoch(get('enter_at')!);
    if (enterAt === null) {
      problems.push({ line, reason: 'bad_time', detail: `enter_at "${get('enter_at')}" is neither ISO 8601 with an offset nor epoch seconds` });
      continue;
    }
    const outcome = get('outcome') as Outcome;
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      problems.push({ line, reason: 'unknown_event', detail: `outcome "${outcome}" is not one of ${OUTCOMES.join(', ')}` });
      continue;
    }
    const nums = { wait: nonNeg(get('wait_s')), ring: nonNeg(get('ring_s')), talk: nonNeg(get('talk_s')), rings: nonNeg(get('rings')) };
    const badNum = Object.entries(nums).find(([, v]) => v === 'bad');
    if (badNum || nums.wait === null) {
      bad(`${badNum ? badNum[0] : 'wait'} is not a non-negative number`);
      continue;
    }
    const waitS = nums.wait as number;
    const answered = outcome === 'answered' || outcome === 'transferred';
    const talkS = answered ? ((nums.talk as number | null) ?? 0) : null;
    calls.push({
      ctiCallId: get('call_id')!,
      queue: get('queue')!,
      enterAt,
      callerId: get('caller_id') || null,
      outcome,
      waitS,
      answeredAt: answered ? enterAt + waitS : null,
      agent: answered ? get('agent') || null : null,
      ringS: answered ? (nums.ring as number | null) : null,
      talkS,
      endAt: enterAt + waitS + (talkS ?? 0),
      ringsBeforeAnswer: (nums.rings as number | null) ?? 0,
      abandonedWhileRinging: false,
      origPos: null,
      exitKey: get('exit_key') || null,
      transferTo: get('transfer_to') || null,
      firstLine: line,
    });
    if (!get('call_id') || !get('queue')) {
      calls.pop();
      problems.push({ line, reason: 'truncated', detail: 'call_id and queue must not be empty' });
    }
  }
  return { calls, problems, lines: lines.length, missingColumns };
}
