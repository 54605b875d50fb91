/**
 * Where the CPU goes during a benchmark phase on this machine (Linux /proc): the whole machine's
 * busy time (/proc/stat), this Node process's (process.cpuUsage) and all PostgreSQL server
 * processes' (utime + stime of every process named `postgres`, from /proc/PID/stat). Used to
 * report CPU milliseconds per operation by side, and how close the machine was to saturated.
 */
import fs from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** PostgreSQL's CPU ticks by process role (backend, walwriter, autovacuum worker, …; reaped backends under "exited"). */
function postgresTicksByRole(): Map<string, number> {
  const by = new Map<string, number>();
  const add = (k: string, v: number) => by.set(k, (by.get(k) ?? 0) + v);
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const f = stat.slice(close + 2).split(' ');
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const role =
        /^postgres: (autovacuum worker|autovacuum launcher|walwriter|checkpointer|background writer|logical replication launcher|stats collector)/.exec(
          title,
        )?.[1] ?? (/^postgres: \S+ \S+ /.test(title) ? 'backend' : 'postmaster');
      add(role, Number(f[11]) + Number(f[12]));
      add('exited', Number(f[13]) + Number(f[14]));
    } catch {
      // the process ended while we looked
    }
  }
  return by;
}

function postgresTicks(): number {
  let sum = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const f = stat.slice(close + 2).split(' ');
      // utime, stime (fields 14, 15) and, for the postmaster, cutime and cstime (16, 17): the time of
      // backends that have exited (a pool closed during the phase), or they would drop out of the sum
      sum += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // the process ended while we looked
    }
  }
  return sum;
}

export interface CpuSplit {
  /** CPU ms per operation: this Node process, PostgreSQL, everything else (kernel threads, other processes) */
  nodeMs: number;
  postgresMs: number;
  otherMs: number;
  /** the machine's busy share over the phase, 0..1 */
  busy: number;
  cores: number;
  /** PostgreSQL's CPU ms per operation by process role (backend, walwriter, autovacuum worker, checkpointer, exited backends, …) */
  postgresByRole: Record<string, number>;
}

/** Starts measuring; call the returned function with the number of operations done. */
export function cpuMeter(): (ops: number) => CpuSplit {
  const m0 = machineTicks();
  const n0 = process.cpuUsage();
  const p0 = postgresTicks();
  const r0 = postgresTicksByRole();
  return (ops) => {
    const r1 = postgresTicksByRole();
    const roles = [...r1]
      .map(([k, v]) => [k, Math.round((((v - (r0.get(k) ?? 0)) * TICK_MS) / Math.max(1, ops)) * 1000) / 1000] as const)
      .filter(([, v]) => v > 0);
    const m1 = machineTicks();
    const n = process.cpuUsage(n0);
    const nodeMs = (n.user + n.system) / 1000;
    const pgMs = (postgresTicks() - p0) * TICK_MS;
    const busyMs = (m1.busy - m0.busy) * TICK_MS;
    const per = (x: number) => Math.round((x / Math.max(1, ops)) * 1000) / 1000;
    return {
      nodeMs: per(nodeMs),
      postgresMs: per(pgMs),
      otherMs: per(Math.max(0, busyMs - nodeMs - pgMs)),
      busy: Math.round(((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100) / 100,
      cores: os.cpus().length,
      postgresByRole: Object.fromEntries(roles),
    };
  };
}

export function describeCpu(s: CpuSplit, unit: string): string {
  const roles = Object.entries(s.postgresByRole)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `CPU per ${unit}: node ${s.nodeMs} ms, postgres ${s.postgresMs} ms${roles ? ` (${roles})` : ''}, other ${s.otherMs} ms; machine ${Math.round(s.busy * 100)}% busy (${s.cores} cores)`;
}
