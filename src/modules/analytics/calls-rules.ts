/**
 * From queue events to call records and agent state spans (pure; no I/O).
 *
 * Events are grouped by uniqueid: a call opens on its first event (normally ENTERQUEUE) and closes
 * on its terminal event (COMPLETEAGENT / COMPLETECALLER / a transfer / ABANDON / an EXIT* / a refusal
 * at the door). Agent events give spans of 'available' (logged in, not paused) and 'paused' time
 * per agent, which occupancy and actual staffing are computed from.
 *
 * The builder's open state is plain JSON (snapshot / restore), so following a growing file can stop
 * and resume with calls that started before the stop and end after it.
 */
import { isProblem, parseQueueLogLine, seconds, type LineProblem, type ProblemReason, type QueueEvent } from './queuelog-rules.js';

export const OUTCOMES = ['answered', 'transferred', 'abandoned', 'timeout', 'exit_empty', 'exit_key', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CallRecord {
  /** the CTI call id: Asterisk's uniqueid of the caller's channel */
  ctiCallId: string;
  queue: string;
  /** epoch seconds the call entered the queue (or its first event, when ENTERQUEUE is not in the file) */
  enterAt: number;
  callerId: string | null;
  outcome: Outcome;
  /** seconds in queue: to CONNECT for answered calls, to leaving for the others */
  waitS: number;
  answeredAt: number | null;
  agent: string | null;
  /** seconds the answering agent's phone rang (CONNECT's ringtime) */
  ringS: number | null;
  talkS: number | null;
  endAt: number;
  /** agents rung without answering before the call was answered or left (RINGNOANSWER and AGENTDUMP) */
  ringsBeforeAnswer: number;
  /** the caller hung up while an agent's phone was ringing (RINGCANCELED just before ABANDON) */
  abandonedWhileRinging: boolean;
  origPos: number | null;
  exitKey: string | null;
  transferTo: string | null;
  /** line of the file where the call's first event is */
  firstLine: number;
}

export type AgentState = 'available' | 'paused';
export interface AgentSpan {
  agent: string;
  state: AgentState;
  from: number;
  to: number;
  reason: string | null;
}

interface OpenCall {
  queue: string;
  enterAt: number | null;
  first: number;
  firstLine: number;
  callerId: string | null;
  rings: number;
  lastEvent: string;
  connectAt: number | null;
  agent: string | null;
  waitS: number | null;
  ringS: number | null;
}
interface AgentOpen {
  queues: string[];
  paused: boolean;
  state: AgentState | null;
  since: number;
  reason: string | null;
}
export interface BuilderState {
  calls: Record<string, OpenCall>;
  agents: Record<string, AgentOpen>;
  maxTime: number;
  maxLine: number;
}

const TERMINAL = new Set([
  'COMPLETEAGENT',
  'COMPLETECALLER',
  'ABANDON',
  'EXITWITHTIMEOUT',
  'EXITEMPTY',
  'EXITWITHKEY',
  'BLINDTRANSFER',
  'ATTENDEDTRANSFER',
  'TRANSFER',
  'FULL',
  'CLOSED',
  'JOINEMPTY',
  'JOINUNAVAIL',
]);
/** calls recently closed, so a late non-terminal event of theirs does not open a phantom call */
const RECENT_CLOSED = 20_000;

export class CallBuilder {
  private calls = new Map<string, OpenCall>();
  private agents = new Map<string, AgentOpen>();
  /** ids of the last RECENT_CLOSED calls closed: a set, and a ring to drop the oldest in O(1) */
  private closed = new Set<string>();
  private closedRing: (string | undefined)[] = new Array(RECENT_CLOSED);
  private closedAt = 0;
  readonly done: CallRecord[] = [];
  readonly spans: AgentSpan[] = [];

  constructor(state?: BuilderState) {
    if (state) {
      for (const [k, v] of Object.entries(state.calls)) this.calls.set(k, v);
      for (const [k, v] of Object.entries(state.agents)) this.agents.set(k, v);
    }
  }

  snapshot(extra: { maxTime: number; maxLine: number }): BuilderState {
    return { calls: Object.fromEntries(this.calls), agents: Object.fromEntries(this.agents), ...extra };
  }

  get openCalls(): number {
    return this.calls.size;
  }

  /** Takes the completed calls and closed spans gathered so far. */
  drain(): { calls: CallRecord[]; spans: AgentSpan[] } {
    return { calls: this.done.splice(0), spans: this.spans.splice(0) };
  }

  push(e: QueueEvent): void {
    if (e.kind === 'agent') this.agentEvent(e);
    else this.callEvent(e);
  }

  private callEvent(e: QueueEvent) {
    let c = this.calls.get(e.callId);
    const terminal = TERMINAL.has(e.event) || e.event.startsWith('DIVERT_');
    if (!c) {
      if (this.closed.has(e.callId) && !terminal && e.event !== 'ENTERQUEUE') return; // e.g. a RINGCANCELED written after the ABANDON
      c = {
        queue: e.queue,
        enterAt: null,
        first: e.time,
        firstLine: e.line,
        callerId: null,
        rings: 0,
        lastEvent: '',
        connectAt: null,
        agent: null,
        waitS: null,
        ringS: null,
      };
      this.calls.set(e.callId, c);
    }
    const d = e.data;
    switch (e.event) {
      case 'ENTERQUEUE':
        c.enterAt = e.time;
        c.queue = e.queue;
        c.callerId = d[1] ? d[1] : null;
        break;
      case 'RINGNOANSWER':
      case 'AGENTDUMP':
        c.rings++;
        break;
      case 'CONNECT':
        c.connectAt = e.time;
        c.agent = e.member || null;
        c.waitS = seconds(d[0]);
        c.ringS = seconds(d[2]);
        break;
      default:
        break;
    }
    const prev = c.lastEvent;
    c.lastEvent = e.event;
    if (!terminal) return;
    this.calls.delete(e.callId);
    const old = this.closedRing[this.closedAt];
    if (old !== undefined) this.closed.delete(old);
    this.closedRing[this.closedAt] = e.callId;
    this.closedAt = (this.closedAt + 1) % RECENT_CLOSED;
    this.closed.add(e.callId);
    this.done.push(finishCall(e, c, prev));
  }

  private agentEvent(e: QueueEvent) {
    const name = e.member;
    if (!name || name === 'NONE') return;
    let a = this.agents.get(name);
    if (!a) {
      a = { queues: [], paused: false, state: null, since: e.time, reason: null };
      this.agents.set(name, a);
    }
    const q = e.queue && e.queue !== 'NONE' ? e.queue : '*';
    switch (e.event) {
      case 'AGENTLOGIN':
      case 'AGENTCALLBACKLOGIN':
        if (!a.queues.includes('*')) a.queues.push('*');
        break;
      case 'ADDMEMBER':
        if (!a.queues.includes(q)) a.queues.push(q);
        break;
      case 'AGENTLOGOFF':
      case 'AGENTCALLBACKLOGOFF':
        a.queues = [];
        a.paused = false;
        break;
      case 'REMOVEMEMBER':
        a.queues = q === '*' ? [] : a.queues.filter((x) => x !== q);
        if (a.queues.length === 0) a.paused = false;
        break;
      case 'PAUSE':
      case 'PAUSEALL':
        a.paused = true;
        a.reason = e.data[0] || null;
        break;
      case 'UNPAUSE':
      case 'UNPAUSEALL':
        a.paused = false;
        break;
    }
    // a member that pauses or unpauses without a login in the file is logged in
    if (a.queues.length === 0 && (e.event.startsWith('PAUSE') || e.event.startsWith('UNPAUSE'))) a.queues.push(q);
    const next: AgentState | null = a.queues.length === 0 ? null : a.paused ? 'paused' : 'available';
    if (next !== a.state) {
      if (a.state !== null && e.time > a.since)
        this.spans.push({ agent: name, state: a.state, from: a.since, to: e.time, reason: a.state === 'paused' ? a.reason : null });
      a.state = next;
      a.since = e.time;
    }
    if (!a.paused) a.reason = null;
  }

  /**
   * End of a file read whole: calls without a terminal event are problems (incomplete_call), agent
   * states still open are closed at `at` (the last time in the file).
   */
  finish(at: number): LineProblem[] {
    const problems: LineProblem[] = [];
    for (const [id, c] of this.calls)
      problems.push({ line: c.firstLine, reason: 'incomplete_call', detail: `call ${id} has no ending event (last: ${c.lastEvent})` });
    this.calls.clear();
    for (const [name, a] of this.agents) {
      if (a.state !== null && at > a.since)
        this.spans.push({ agent: name, state: a.state, from: a.since, to: at, reason: a.state === 'paused' ? a.reason : null });
      a.state = null;
    }
    return problems;
  }
}

function finishCall(e: QueueEvent, c: OpenCall, prev: string): CallRecord {
  const d = e.data;
  const enterFrom = (wait: number | null) => c.enterAt ?? (wait !== null ? e.time - wait : c.first);
  const ev = e.event;
  if (ev === 'COMPLETEAGENT' || ev === 'COMPLETECALLER' || ev === 'BLINDTRANSFER' || ev === 'ATTENDEDTRANSFER' || ev === 'TRANSFER') {
    // the last three fields are holdtime|calltime|origpos in every variant (ATTENDEDTRANSFER's
    // method decides how many target fields come before them)
    const transfer = ev.charCodeAt(0) !== 67; // not COMPLETE*
    const n = d.length;
    const waitS = seconds(transfer ? d[n - 3] : d[0]) ?? c.waitS ?? 0;
    const talkS = seconds(transfer ? d[n - 2] : d[1]) ?? 0;
    // without ENTERQUEUE in the file: back from the answer (CONNECT), or from the end over talk and wait
    const enterAt = c.enterAt ?? (c.connectAt !== null ? c.connectAt - waitS : e.time - talkS - waitS);
    return {
      ctiCallId: e.callId,
      queue: c.queue,
      enterAt,
      callerId: c.callerId,
      outcome: transfer ? 'transferred' : 'answered',
      waitS,
      answeredAt: c.connectAt ?? enterAt + waitS,
      agent: e.member && e.member !== 'NONE' ? e.member : c.agent,
      ringS: c.ringS,
      talkS,
      endAt: e.time,
      ringsBeforeAnswer: c.rings,
      abandonedWhileRinging: false,
      origPos: seconds(transfer ? d[n - 1] : d[2]),
      exitKey: null,
      transferTo: transfer
        ? d
            .slice(0, Math.max(1, n - 3))
            .filter(Boolean)
            .join('@') || null
        : null,
      firstLine: c.firstLine,
    };
  }
  let waitS: number | null = null;
  let origPos: number | null = null;
  let exitKey: string | null = null;
  let outcome: Outcome;
  if (ev === 'ABANDON') {
    outcome = 'abandoned';
    origPos = seconds(d[1]);
    waitS = seconds(d[2]);
  } else if (ev === 'EXITWITHTIMEOUT' || ev === 'EXITEMPTY') {
    outcome = ev === 'EXITEMPTY' ? 'exit_empty' : 'timeout';
    origPos = seconds(d[1]);
    waitS = seconds(d[2]);
  } else if (ev === 'EXITWITHKEY') {
    outcome = 'exit_key';
    exitKey = d[0] || null;
    origPos = seconds(d[2]);
    waitS = seconds(d[3]);
  } else {
    outcome = 'rejected'; // FULL, CLOSED, JOINEMPTY, JOINUNAVAIL, DIVERT_*
  }
  const enterAt = enterFrom(waitS);
  return {
    ctiCallId: e.callId,
    queue: c.queue,
    enterAt,
    callerId: c.callerId,
    outcome,
    waitS: waitS ?? Math.max(0, e.time - enterAt),
    answeredAt: null,
    agent: null,
    ringS: null,
    talkS: null,
    endAt: e.time,
    ringsBeforeAnswer: c.rings,
    abandonedWhileRinging: outcome === 'abandoned' && prev === 'RINGCANCELED',
    origPos,
    exitKey,
    transferTo: null,
    firstLine: c.firstLine,
  };
}

/** Counts of problems by reason, and the first `keep` problems in full. */
export class ProblemLog {
  readonly byReason: Partial<Record<ProblemReason, number>> = {};
  readonly kept: LineProblem[] = [];
  total = 0;
  constructor(private keep = 1000) {}
  add(p: LineProblem) {
    this.total++;
    this.byReason[p.reason] = (this.byReason[p.reason] ?? 0) + 1;
    if (this.kept.length < this.keep) this.kept.push(p);
  }
}

/**
 * Reads queue_log text line by line: parses, checks time order, feeds the builder, logs problems.
 * A line earlier than the latest time already seen is reported (out_of_order) and still used.
 */
export class QueueLogReader {
  readonly builder: CallBuilder;
  readonly problems: ProblemLog;
  lines = 0;
  events = 0;
  maxTime: number;
  private maxTimeLine = 0;

  constructor(opts: { state?: BuilderState; keepProblems?: number } = {}) {
    this.builder = new CallBuilder(opts.state);
    this.problems = new ProblemLog(opts.keepProblems);
    this.maxTime = opts.state?.maxTime ?? 0;
    this.lines = opts.state?.maxLine ?? 0;
  }

  /** One line of the file (without its '\n'); lines are numbered in the order they are given. */
  line(text: string): void {
    const n = ++this.lines;
    const r = parseQueueLogLine(text, n);
    if (r === null) {
      // a known event the reports do not use (QUEUESTART, CONFIGRELOAD, ...): its time still tells how far the log reaches
      const t = Math.floor(Number(text.slice(0, text.indexOf('|'))));
      if (t > this.maxTime) {
        this.maxTime = t;
        this.maxTimeLine = n;
      }
      return;
    }
    if (isProblem(r)) {
      this.problems.add(r);
      return;
    }
    this.events++;
    if (r.time < this.maxTime)
      this.problems.add({ line: n, reason: 'out_of_order', detail: `time ${r.time} is before ${this.maxTime} (line ${this.maxTimeLine}); used` });
    else if (r.time > this.maxTime) {
      this.maxTime = r.time;
      this.maxTimeLine = n;
    }
    this.builder.push(r);
  }

  /** A whole text (tests, uploads): every line, then finish. */
  static readAll(text: string, keepProblems?: number) {
    const r = new QueueLogReader({ keepProblems });
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      r.line(text.slice(start, end));
      start = end + 1;
    }
    for (const p of r.builder.finish(r.maxTime)) r.problems.add(p);
    const { calls, spans } = r.builder.drain();
    return { calls, spans, problems: r.problems, lines: r.lines, events: r.events };
  }

  snapshot(): BuilderState {
    return this.builder.snapshot({ maxTime: this.maxTime, maxLine: this.lines });
  }
}
