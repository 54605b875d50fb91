/**
 * A realistic Asterisk queue_log for the demo county's 95598 queue (deterministic per seed): agents
 * on two shifts log in and out, pause for lunch and short breaks; calls arrive by a daily profile
 * (morning and afternoon peaks, busier Mondays, quieter weekends) and are answered (some after an
 * agent let the phone ring out, a few transferred), abandoned (some while an agent's phone rang),
 * time out or leave with a key. Used by the demo seed and the queuelog bench.
 */
import fs from 'node:fs';
import { once } from 'node:events';

export interface DemoLogOptions {
  /** epoch seconds of the first day's local midnight */
  start: number;
  days: number;
  seed: number;
  queue?: string;
  agents?: number;
  /** calls on an ordinary weekday */
  callsPerDay?: number;
  tzOffsetMinutes?: number;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of a day's calls in each local hour (sums to 1). */
const HOURS = [
  0.004, 0.003, 0.002, 0.002, 0.002, 0.004, 0.01, 0.03, 0.07, 0.09, 0.095, 0.085, 0.06, 0.065, 0.08, 0.085, 0.075, 0.06, 0.05, 0.042, 0.035, 0.025, 0.015,
  0.011,
];
const HOURS_SUM = HOURS.reduce((a, b) => a + b, 0);
/** Monday … Sunday */
const WEEKDAY = [1.2, 1.05, 1, 1, 1.05, 0.7, 0.6];

/** The log's lines, in time order, a day at a time. */
export function* generateQueueLog(o: DemoLogOptions): Generator<string[]> {
  const r = rng(o.seed);
  const q = o.queue ?? '95598';
  const nAgents = o.agents ?? 12;
  const perDay = o.callsPerDay ?? 1200;
  const tz = (o.tzOffsetMinutes ?? 480) * 60;
  const exp = (mean: number) => -Math.log(1 - r()) * mean;
  let seq = 0;
  const agents = Array.from({ length: nAgents }, (_, i) => `Agent/${8001 + i}`);
  let carry: [number, string][] = []; // events of calls that end after midnight
  for (let d = 0; d < o.days; d++) {
    const day = o.start + d * 86400;
    const wd = (new Date((day + tz) * 1000).getUTCDay() + 6) % 7;
    const ev: [number, string][] = carry;
    const add = (t: number, s: string) => ev.push([Math.floor(t), s]);
    // shifts: the first half 08:00–16:30, the second 12:00–20:30, a night pair 20:00–08:00 next day is left out: one agent covers nights
    const shiftOf = (i: number): [number, number] => (i === nAgents - 1 ? [0, 8 * 3600] : i % 2 === 0 ? [8 * 3600, 16.5 * 3600] : [12 * 3600, 20.5 * 3600]);
    for (let i = 0; i < nAgents; i++) {
      if (wd >= 5 && i % 3 === 2) continue; // a third of the day staff is off at weekends
      const [s, e] = shiftOf(i);
      const login = day + s + Math.floor(r() * 600) - 300;
      const logoff = day + e + Math.floor(r() * 600);
      const a = agents[i];
      add(Math.max(day, login), `NONE|${q}|${a}|ADDMEMBER|`);
      const lunch = login + 4 * 3600 + Math.floor(r() * 1800);
      add(lunch, `NONE|${q}|${a}|PAUSE|午休`);
      add(lunch + 1800 + Math.floor(r() * 600), `NONE|${q}|${a}|UNPAUSE|午休`);
      const brk = login + 2 * 3600 + Math.floor(r() * 3600);
      add(brk, `NONE|NONE|${a}|PAUSEALL|`);
      add(brk + 300 + Math.floor(r() * 600), `NONE|NONE|${a}|UNPAUSEALL|`);
      add(Math.min(day + 86399, logoff), `NONE|${q}|${a}|REMOVEMEMBER|`);
    }
    const total = perDay * WEEKDAY[wd];
    for (let h = 0; h < 24; h++) {
      const rate = (total * HOURS[h]) / HOURS_SUM / 3600; // calls per second
      if (rate <= 0) continue;
      const busy = HOURS[h] > 0.07 ? 2.2 : HOURS[h] > 0.04 ? 1.2 : 0.6;
      const onShift = agents.filter((_, i) => {
        const [s, e] = shiftOf(i);
        return h * 3600 >= s && h * 3600 < e && !(wd >= 5 && i % 3 === 2);
      });
      for (let t = day + h * 3600 + exp(1 / rate); t < day + (h + 1) * 3600; t += exp(1 / rate)) {
        const id = `${Math.floor(t)}.${++seq}`;
        const caller = `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
        add(t, `${id}|${q}|NONE|ENTERQUEUE||${caller}|1`);
        const x = r();
        const wait = Math.max(1, Math.round(exp(12 * busy)));
        const pick = () => (onShift.length ? onShift[Math.floor(r() * onShift.length)] : agents[0]);
        if (x < 0.84 || onShift.length === 0) {
          let at = t;
          const rings = r() < 0.2 ? (r() < 0.25 ? 2 : 1) : 0;
          for (let k = 0; k < rings && at + 15 < t + wait; k++) {
            at += 15;
            add(at, `${id}|${q}|${pick()}|RINGNOANSWER|15000`);
          }
          const ag = pick();
          const ring = 1 + Math.floor(r() * 6);
          add(t + wait, `${id}|${q}|${ag}|CONNECT|${wait}|${id}1|${ring}`);
          const talk = Math.max(20, Math.round(exp(170)));
          const end = t + wait + talk;
          const y = r();
          if (y < 0.03) add(end, `${id}|${q}|${ag}|BLINDTRANSFER|8100|from-internal|${wait}|${talk}|1`);
          else if (y < 0.04) add(end, `${id}|${q}|${ag}|ATTENDEDTRANSFER|BRIDGE|${id}9|${wait}|${talk}|1`);
          else add(end, `${id}|${q}|${ag}|${r() < 0.55 ? 'COMPLETECALLER' : 'COMPLETEAGENT'}|${wait}|${talk}|1`);
        } else if (x < 0.955) {
          const w = Math.max(1, Math.round(exp(25 * busy)));
          if (r() < 0.3) add(t + w, `${id}|${q}|${pick()}|RINGCANCELED|${1000 + Math.floor(r() * 9000)}`);
          add(t + w, `${id}|${q}|NONE|ABANDON|1|1|${w}`);
        } else if (x < 0.975) {
          add(t + 300, `${id}|${q}|NONE|EXITWITHTIMEOUT|1|1|300`);
        } else if (x < 0.995) {
          const w = 5 + Math.floor(r() * 40);
          add(t + w, `${id}|${q}|NONE|EXITWITHKEY|0|1|1|${w}`);
        } else {
          add(t + 1, `${id}|${q}|NONE|EXITEMPTY|1|1|1`);
        }
      }
    }
    ev.sort((a, b) => a[0] - b[0]);
    const last = d === o.days - 1;
    const cut = last ? ev.length : ev.findIndex(([t]) => t >= day + 86400);
    const n = cut < 0 ? ev.length : cut;
    carry = ev.slice(n);
    yield ev.slice(0, n).map(([t, s]) => `${t}|${s}`);
  }
}

/** Writes the generated log to a file; returns the number of lines. */
export async function writeQueueLog(file: string, o: DemoLogOptions, maxLines = Infinity): Promise<number> {
  const out = fs.createWriteStream(file);
  let n = 0;
  for (const lines of generateQueueLog(o)) {
    const take = lines.slice(0, Math.max(0, maxLines - n));
    n += take.length;
    if (take.length && !out.write(take.join('\n') + '\n')) await once(out, 'drain');
    if (n >= maxLines) break;
  }
  out.end();
  await once(out, 'finish');
  return n;
}
