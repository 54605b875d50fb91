/**
 * Optional CPU profile of one phase of a benchmark: with BENCH_CPU_PROFILE=DIR set, the phase
 * runs under the V8 profiler (node:inspector) and DIR/<name>.cpuprofile is written (open it in
 * Chrome DevTools). Without it the phase just runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

export async function profiled<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`[profile] ${file}`);
    session.disconnect();
  }
}
