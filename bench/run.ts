/**
 * `npm run bench [-- NAME ...]`: runs the named benches, or all registered ones, each in its own
 * process (one bench's memory and open handles never affect the next). Each bench module
 * exports run() and ends its output with one line `RESULT bench=NAME key=value ...`.
 * Exit status 1 when any bench failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Registered benches, in the order `npm run bench` runs them: bench/<name>.ts. */
export const BENCHES = [
  'commit',
  'startup',
  'search',
  'intake',
  'queue',
  'storm',
  'reliability',
  'knowledge',
  'queuelog',
  'billcycle',
  'trialbalance',
  'connections',
  // benchmarking scorecards (同业对标)
  'scorecard',
  // billing documents (issue 10)
  'billpdf',
  'fuzz',
  // payments (收费): a bank result file imported, matched, allocated and posted; counter payments
  'payments',
  // collection (违约金): the daily late-fee pass over 1,000,000 accounts with open bills
  'latefees',
  // prepaid fee control (预付费): the daily balance pass
  'prepaid',
] as const;

const here = path.dirname(fileURLToPath(import.meta.url));

async function runOne(name: string): Promise<void> {
  const file = path.join(here, `${name}.js`);
  if (!fs.existsSync(file)) throw new Error(`bench ${name}: ${file} does not exist`);
  const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<unknown> };
  if (typeof mod.run !== 'function') throw new Error(`bench ${name}: bench/${name}.ts exports no run()`);
  await mod.run();
}

async function main() {
  const args = process.argv.slice(2);
  for (const a of args) {
    if (!(BENCHES as readonly string[]).includes(a)) {
      console.error(`unknown bench "${a}"; registered: ${BENCHES.join(', ')}`);
      process.exit(2);
    }
  }
  if (args.length === 1) {
    await runOne(args[0]);
    process.exit(0);
  }
  const names = args.length ? args : [...BENCHES];
  const failed: string[] = [];
  for (const name of names) {
    console.log(`\n=== bench ${name} ===`);
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (r.status !== 0) failed.push(name);
  }
  if (failed.length) {
    console.error(`\nfailed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
