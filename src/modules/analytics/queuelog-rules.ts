/**
 * Asterisk queue_log, one line per event (pure; no I/O):
 *
 *   epoch|uniqueid|queue|member|EVENT|data1|data2|...
 *
 * Field orders follow the Asterisk documentation ("Queue Logs") and the ast_queue_log() calls in
 * apps/app_queue.c; see docs/analytics.md for the table. A line that cannot be used is never an
 * exception: it becomes a LineProblem (line number and reason) and the import goes on.
 */

/** Events about one call (the uniqueid is the caller's channel). */
export const CALL_EVENTS = [
  'ENTERQUEUE',
  'CONNECT',
  'COMPLETEAGENT',
  'COMPLETECALLER',
  'ABANDON',
  'EXITWITHTIMEOUT',
  'EXITEMPTY',
  'EXITWITHKEY',
  'RINGNOANSWER',
  'RINGCANCELED',
  'BLINDTRANSFER',
  'ATTENDEDTRANSFER',
  'TRANSFER',
  'AGENTDUMP',
  // written by some platforms and older versions for calls refused at the door of the queue
  'FULL',
  'CLOSED',
  'JOINEMPTY',
  'JOINUNAVAIL',
] as const;
/** Events about an agent (queue member), whatever the uniqueid column holds. */
export const AGENT_EVENTS = [
  'AGENTLOGIN',
  'AGENTLOGOFF',
  'AGENTCALLBACKLOGIN',
  'AGENTCALLBACKLOGOFF',
  'ADDMEMBER',
  'REMOVEMEMBER',
  'PAUSE',
  'UNPAUSE',
  'PAUSEALL',
  'UNPAUSEALL',
] as const;
/** Known events that carry nothing the reports use. */
export const IGNORED_EVENTS = ['QUEUESTART', 'CONFIGRELOAD', 'SYSCOMPAT', 'DID', 'INFO', 'PAUSECUSTOM', 'MEMBERPENALTY'] as const;

/** The fewest data fields each event needs before it can be used (fewer: the line is truncated). */
export const MIN_DATA: Record<string, number> = {
  ENTERQUEUE: 0, // url|callerid, both may be empty or missing in old versions
  CONNECT: 1, // holdtime|bridged uniqueid|ringtime
  COMPLETEAGENT: 2, // holdtime|calltime|origpos
  COMPLETECALLER: 2,
  ABANDON: 3, // pos|origpos|waittime
  EXITWITHTIMEOUT: 1, // pos|origpos|waittime (origpos and waittime since 1.6)
  EXITEMPTY: 1,
  EXITWITHKEY: 2, // key|pos|origpos|waittime
  RINGNOANSWER: 0, // ringtime in ms
  RINGCANCELED: 0,
  BLINDTRANSFER: 4, // extension|context|holdtime|calltime|origpos
  ATTENDEDTRANSFER: 4, // method|target(s)|holdtime|calltime|origpos
  TRANSFER: 4, // extension|context|holdtime|calltime|origpos (before Asterisk 12)
  AGENTDUMP: 0,
};

export type CallEventName = (typeof CALL_EVENTS)[number];
export type AgentEventName = (typeof AGENT_EVENTS)[number];

export interface QueueEvent {
  line: number;
  /** epoch seconds */
  time: number;
  callId: string;
  queue: string;
  member: string;
  event: string;
  data: string[];
  kind: 'call' | 'agent';
}

export type ProblemReason = 'empty' | 'truncated' | 'bad_time' | 'bad_number' | 'unknown_event' | 'out_of_order' | 'incomplete_call';

export interface LineProblem {
  line: number;
  reason: ProblemReason;
  detail: string;
}

const callSet = new Set<string>(CALL_EVENTS);
const agentSet = new Set<string>(AGENT_EVENTS);
const ignoredSet = new Set<string>(IGNORED_EVENTS);
const MAX_DETAIL = 120;

/** Platforms write DIVERT_* events for calls sent elsewhere before queueing. */
export const isCallEvent = (e: string) => callSet.has(e) || e.startsWith('DIVERT_');

const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL)}…` : s);

/**
 * One line: an event, a known line to skip (null), or a problem. `lineNo` is 1-based.
 * A trailing '\r' (a file copied through Windows) is dropped.
 */
export function parseQueueLogLine(text: string, lineNo: number): QueueEvent | LineProblem | null {
  const s = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (s.length === 0) return null;
  // the five fixed fields by position, and only the data fields split (this runs once per line of
  // files of millions of lines: one array per line, not two — measured, docs/analytics.md §6)
  const p0 = s.indexOf('|');
  const p1 = p0 < 0 ? -1 : s.indexOf('|', p0 + 1);
  const p2 = p1 < 0 ? -1 : s.indexOf('|', p1 + 1);
  const p3 = p2 < 0 ? -1 : s.indexOf('|', p2 + 1);
  if (p3 < 0) return { line: lineNo, reason: 'truncated', detail: clip(`${s.split('|').length} fields, at least 5 needed: ${s}`) };
  const timeText = s.slice(0, p0);
  // some exports write the time as fractional seconds
  const time = Number(timeText);
  if (!timeText || !Number.isFinite(time) || time < 0 || time > 32503680000)
    return { line: lineNo, reason: 'bad_time', detail: clip(`time "${timeText}" is not epoch seconds`) };
  const p4 = s.indexOf('|', p3 + 1);
  const event = p4 < 0 ? s.slice(p3 + 1) : s.slice(p3 + 1, p4);
  const data = p4 < 0 ? [] : s.slice(p4 + 1).split('|');
  const callId = s.slice(p0 + 1, p1);
  if (isCallEvent(event)) {
    const need = MIN_DATA[event] ?? 0;
    if (data.length < need) return { line: lineNo, reason: 'truncated', detail: clip(`${event} has ${data.length} data fields, ${need} needed: ${s}`) };
    if (!callId) return { line: lineNo, reason: 'truncated', detail: clip(`${event} without a call id: ${s}`) };
    return { line: lineNo, time: Math.floor(time), callId, queue: s.slice(p1 + 1, p2), member: s.slice(p2 + 1, p3), event, data, kind: 'call' };
  }
  if (agentSet.has(event))
    return { line: lineNo, time: Math.floor(time), callId, queue: s.slice(p1 + 1, p2), member: s.slice(p2 + 1, p3), event, data, kind: 'agent' };
  if (ignoredSet.has(event)) return null;
  return { line: lineNo, reason: 'unknown_event', detail: clip(`unknown event "${event}"`) };
}

export const isProblem = (x: QueueEvent | LineProblem | null): x is LineProblem => x !== null && 'reason' in x;

/** A whole-second count from a data field: a non-negative integer, or null when absent or not a number. */
export function seconds(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}
