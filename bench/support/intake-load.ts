/**
 * The intake benchmark's load generator, in its own worker thread: the callers' HTTP client work
 * (building requests, parsing answers, timing) runs on its own event loop, as real clients run on
 * their own machines, instead of taking turns with the server on the server's event loop. It still
 * shares this machine's two cores with the server and PostgreSQL, and its CPU time is counted with
 * this Node process's.
 *
 * Modes: `closed` (N callers submitting intakes back to back for S seconds), `floor` (the same with
 * GET /api/auth/me, the lightest signed-in request) and `rate` (an open loop sending intakes at a
 * fixed rate, latency taken from each call's scheduled time).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface Caller {
  id: number;
  sp: number;
  phone: string | null;
}

export interface LoadSpec {
  mode: 'closed' | 'floor' | 'rate';
  port: number;
  headers: Record<string, string>;
  customers: Caller[];
  /** the index of the first call (calls are numbered across phases, so every body differs) */
  firstCall: number;
  seconds: number;
  callers?: number;
  rate?: number;
}

export interface LoadResult {
  latencies: number[];
  elapsedMs: number;
  /** open orders of the same caller shown, summed over the sampled answers (every 8th) */
  duplicatesShown: number;
  sampled: number;
  nextCall: number;
}

const KINDS = [
  { orderType: 'fault_repair', subtype: null },
  { orderType: 'complaint', subtype: 'service' },
  { orderType: 'consultation', subtype: null },
  { orderType: 'service_request', subtype: 'meter_fault' },
  { orderType: 'service_request', subtype: 'reconnection' },
];

/** A deterministic value in [0, 1) for call i (mulberry32). */
function mulberry(i: number): number {
  let t = (i + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The i-th call: its caller is drawn at random (a fixed sequence) from every customer of the
 * call-taker's county, so, as at a real hotline, most callers have no open order and some call
 * again (how many open orders of the same caller each call finds is reported per phase).
 */
export function intakeBody(customers: Caller[], i: number) {
  const c = customers[Math.floor(mulberry(i) * customers.length)];
  const k = KINDS[i % KINDS.length];
  return {
    ...k,
    channel: 'phone',
    customerId: c.id,
    servicePointId: c.sp,
    callerPhone: c.phone ?? '13800000000',
    description: `基准测试工单 ${i}：客户来电反映问题`,
  };
}

/** Runs one phase in a worker thread and returns what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { intakeLoad: spec } });
    w.once('message', (m: LoadResult | { error: string }) => ('error' in m ? reject(new Error(m.error)) : resolve(m)));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

async function phase(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(spec.callers ?? 0, 256) });
  const send = (method: string, path: string, payload?: string, extra: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: spec.port,
          method,
          path,
          agent,
          headers: { ...spec.headers, ...extra, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  let call = spec.firstCall;
  let answers = 0;
  let duplicatesShown = 0;
  let sampled = 0;
  const intake = async (): Promise<void> => {
    const r = await send('POST', '/api/workorders', JSON.stringify(intakeBody(spec.customers, call++)), { 'idempotency-key': randomUUID() });
    if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${r.body.slice(0, 300)}`);
    if ((answers++ & 7) === 0) {
      duplicatesShown += (JSON.parse(r.body) as { duplicates: unknown[] }).duplicates.length;
      sampled++;
    }
  };
  const latencies: number[] = [];
  const t0 = performance.now();
  if (spec.mode === 'rate') {
    const n = Math.round((spec.rate ?? 500) * spec.seconds);
    const start = performance.now() + 50;
    await Promise.all(
      Array.from({ length: n }, async (_, k) => {
        const at = start + (k * 1000) / (spec.rate ?? 500);
        const wait = at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await intake();
        latencies.push(performance.now() - at);
      }),
    );
  } else {
    const end = Date.now() + spec.seconds * 1000;
    await Promise.all(
      Array.from({ length: spec.callers ?? 16 }, async () => {
        while (Date.now() < end) {
          const s = performance.now();
          if (spec.mode === 'closed') await intake();
          else {
            const r = await send('GET', '/api/auth/me');
            if (r.status !== 200) throw new Error(`/api/auth/me answered ${r.status}`);
          }
          latencies.push(performance.now() - s);
        }
      }),
    );
  }
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  return { latencies, elapsedMs, duplicatesShown, sampled, nextCall: call };
}

if (!isMainThread && (workerData as { intakeLoad?: LoadSpec } | null)?.intakeLoad) {
  phase((workerData as { intakeLoad: LoadSpec }).intakeLoad).then(
    (r) => parentPort!.postMessage(r),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}
