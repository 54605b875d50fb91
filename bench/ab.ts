/**
 * A/B of two builds in one time window: `node dist/bench/ab.js --a DIR --b DIR [--rounds N] BENCH[:ROUNDS] ...`
 * runs `node dist/bench/run.js BENCH` from each checkout (each built, with its own node_modules),
 * alternately, N rounds each (the order flips every round: A B, B A, A B, ... so a load that
 * rises or falls through the window touches both builds alike), and prints each RESULT key's
 * per-round figures and means side by side, with the machine's load averages before and after
 * every run. Not a bench of its own (not registered in run.ts): a tool for "not worse than before".
 * Environment variables are passed through to both builds' benches (e.g. BENCH_STORM_SPEEDUP).
 * --out FILE also writes every run (figures, loads, times, CPU-per-operation lines) as JSON;
 * --logs DIR keeps each run's whole output.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Run {
  bench: string;
  build: 'A' | 'B';
  round: number;
  start: string;
  seconds: number;
  loadBefore: number[];
  loadAfter: number[];
  ok: boolean;
  result: Record<string, number>;
  /** lines the bench prints about CPU per operation (intake: by phase) */
  cpu: string[];
}

function parseArgs(argv: string[]) {
  const o = { a: '', b: '', rounds: 3, out: '', logs: '', benches: [] as { name: string; rounds: number }[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--a') o.a = path.resolve(argv[++i]);
    else if (a === '--b') o.b = path.resolve(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '--logs') o.logs = path.resolve(argv[++i]);
    else {
      const [name, r] = a.split(':');
      o.benches.push({ name, rounds: r ? Number(r) : NaN });
    }
  }
  if (!o.a || !o.b || !o.benches.length) {
    console.error('usage: node dist/bench/ab.js --a DIR --b DIR [--rounds N] [--out FILE] [--logs DIR] BENCH[:ROUNDS] ...');
    process.exit(2);
  }
  for (const b of o.benches) if (Number.isNaN(b.rounds)) b.rounds = o.rounds;
  return o;
}

const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

function runBench(dir: string, bench: string, log: string | null): Promise<{ ok: boolean; output: string; seconds: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(dir, 'dist/bench/run.js'), bench], { cwd: dir, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      if (log) fs.writeFileSync(log, output);
      resolve({ ok: code === 0, output, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

function resultOf(output: string): Record<string, number> {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  const r: Record<string, number> = {};
  for (const kv of line?.split(' ').slice(1) ?? []) {
    const [k, v] = kv.split('=');
    if (k !== 'bench' && v !== undefined && !Number.isNaN(Number(v))) r[k] = Number(v);
  }
  return r;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const fmt = (x: number) => (Number.isNaN(x) ? '—' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.logs) fs.mkdirSync(o.logs, { recursive: true });
  const runs: Run[] = [];
  // written whole to a temporary file and renamed, so a driver stopped mid-write leaves the last complete file
  const save = () => {
    if (!o.out) return;
    fs.writeFileSync(`${o.out}.tmp`, JSON.stringify({ a: o.a, b: o.b, runs }, null, 2));
    fs.renameSync(`${o.out}.tmp`, o.out);
  };
  for (const { name, rounds } of o.benches) {
    for (let round = 1; round <= rounds; round++) {
      const order: ('A' | 'B')[] = round % 2 === 1 ? ['A', 'B'] : ['B', 'A'];
      for (const build of order) {
        const dir = build === 'A' ? o.a : o.b;
        const loadBefore = load();
        const start = new Date().toISOString();
        const log = o.logs ? path.join(o.logs, `${name}-${round}-${build}.log`) : null;
        const r = await runBench(dir, name, log);
        const run: Run = {
          bench: name,
          build,
          round,
          start,
          seconds: r.seconds,
          loadBefore,
          loadAfter: load(),
          ok: r.ok,
          result: resultOf(r.output),
          cpu: r.output.split('\n').filter((l) => /CPU per (order|request)/.test(l)),
        };
        runs.push(run);
        save();
        console.log(
          `[ab] ${name} round ${round} ${build} ${run.ok ? 'ok' : 'FAILED'} in ${Math.round(run.seconds)} s, load ${loadBefore.join('/')} → ${run.loadAfter.join('/')}: ${Object.entries(
            run.result,
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
      }
    }
    const of = (b: 'A' | 'B') => runs.filter((r) => r.bench === name && r.build === b && r.ok);
    const keys = [...new Set(runs.filter((r) => r.bench === name).flatMap((r) => Object.keys(r.result)))];
    console.log(`\n[ab] ${name}: A = ${o.a}, B = ${o.b}`);
    console.log('| key | A per round | A mean | B per round | B mean | B / A |');
    console.log('|---|---|---|---|---|---|');
    for (const k of keys) {
      const a = of('A').map((r) => r.result[k]);
      const b = of('B').map((r) => r.result[k]);
      console.log(`| ${k} | ${a.map(fmt).join(' · ')} | ${fmt(mean(a))} | ${b.map(fmt).join(' · ')} | ${fmt(mean(b))} | ${fmt(mean(b) / mean(a))} |`);
    }
    console.log('');
  }
  save();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
