/**
 * `griddesk readings import FILE` and `griddesk billing run --cycle YYYY-MM --org CODE`: the meter
 * reading import and the bill run from the command line, with a progress bar, through the same services
 * as the API. The actor recorded in the audit log is the user named by --user (default admin). A bill run
 * that exists for the cycle and org and is still running is resumed (its pending chunks are worked here,
 * while any griddesk server instance works them too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../../platform/errors.js';
import { getRun, importReadings, runPrintFile, startRun, workPendingChunks } from '../../modules/billing/index.js';
import type { Principal } from '../../modules/identity/index.js';
import type { Queryable } from '../../db/pool.js';
import { intOption, onlyOptions, UsageError, userPath, type ParsedArgs } from '../args.js';
import { withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

export async function cliPrincipal(db: Queryable, username: string): Promise<Principal> {
  const u = (
    await db.query(
      `SELECT u.id, u.display_name, u.role, u.org_unit_id, u.customer_id, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1 AND u.active`,
      [username],
    )
  ).rows[0];
  if (!u) throw new UsageError(`no active user "${username}" (--user)`);
  return {
    kind: 'user',
    id: Number(u.id),
    name: `${u.display_name} (cli)`,
    role: u.role,
    scopes: [],
    orgUnitId: Number(u.org_unit_id),
    orgPath: u.path,
    customerId: null,
    csrfToken: null,
    ip: null,
    userAgent: 'griddesk-cli',
  };
}

const explain = (e: unknown) => {
  if (!(e instanceof DomainError)) throw e;
  console.error(`${e.zh}\n${e.en}`);
  for (const d of e.details.slice(0, 20)) console.error(`  ${d.messageEn}`);
  return 1;
};

export async function readingsCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, ['user']);
  if (args.words[1] !== 'import' || args.words.length !== 3) throw new UsageError('usage: griddesk readings import FILE [--user NAME]');
  const file = userPath(args.words[2])!;
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  return withDatabase(async ({ db }) => {
    const p = await cliPrincipal(db, String(args.options.get('user') ?? 'admin'));
    const bar = progressBar('readings import');
    try {
      const r = await importReadings(db, p, { fileName: path.basename(file), path: file, source: 'cli' }, (done, total, stage) =>
        bar.update(done, total, stage),
      );
      bar.stop();
      console.log(`导入批次 ${r.importId}：${r.lines} 行，存入 ${r.readings} 条示数，重复 ${r.repeated}，异常 ${r.exceptions}`);
      console.log(
        `import ${r.importId}: ${r.lines} lines, ${r.readings} readings stored, ${r.repeated} repeated, ${r.exceptions} exceptions queued (sha256 ${r.checksum})`,
      );
      return 0;
    } catch (e) {
      bar.stop();
      return explain(e);
    }
  });
}

export async function billingCommand(args: ParsedArgs): Promise<number> {
  if (args.words[1] === 'print') return printCommand(args);
  onlyOptions(args, ['cycle', 'org', 'user', 'chunk']);
  const cycle = args.options.get('cycle'),
    org = args.options.get('org');
  if (args.words[1] !== 'run' || args.words.length !== 2 || typeof cycle !== 'string' || typeof org !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(cycle))
    throw new UsageError('usage: griddesk billing run --cycle YYYY-MM --org CODE [--chunk N] [--user NAME]');
  const chunk = args.options.has('chunk') ? intOption(args, 'chunk', 1000, 10, 100_000) : undefined;
  return withDatabase(async ({ db }) => {
    const p = await cliPrincipal(db, String(args.options.get('user') ?? 'admin'));
    let runId: number;
    try {
      runId = (await startRun(db, p, { cycle, orgCode: org, ...(chunk ? { chunkAccounts: chunk } : {}) })).id;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'RUN_EXISTS') {
        runId = Number(e.extra.runId);
        const r = await getRun(db, p, runId);
        if (r.status !== 'running') {
          console.log(`run ${runId} of ${cycle} / ${org} exists and is ${r.status}`);
          return 0;
        }
        console.log(`resuming run ${runId} of ${cycle} / ${org}`);
      } else return explain(e);
    }
    const bar = progressBar(`billing ${cycle} ${org}`);
    const first = await getRun(db, p, runId);
    bar.update(first.accountsDone, first.accountsTotal, 'accounts');
    await workPendingChunks(db, `cli-${process.pid}`, runId, () => {
      void getRun(db, p, runId).then((r) => bar.update(r.accountsDone, r.accountsTotal, `accounts, ${r.exceptions} exceptions`));
    });
    // chunks still held by other instances finish there; wait for them
    let r = await getRun(db, p, runId);
    while (r.status === 'running') {
      await new Promise((res) => setTimeout(res, 500));
      await workPendingChunks(db, `cli-${process.pid}`, runId);
      r = await getRun(db, p, runId);
      bar.update(r.accountsDone, r.accountsTotal, `accounts, ${r.exceptions} exceptions`);
    }
    bar.update(r.accountsTotal, r.accountsTotal, 'done');
    bar.stop();
    const yuan = (r.totalFen / 100).toFixed(2);
    console.log(
      `核算批次 ${r.id}（${r.status}）：${r.accountsTotal} 户，出账 ${r.billed} 户，异常 ${r.exceptions} 户，电费合计 ¥${yuan}，${r.accountsPerS} 户/秒`,
    );
    console.log(
      `run ${r.id} (${r.status}): ${r.accountsTotal} accounts, ${r.billed} bills, ${r.exceptions} exceptions, total ¥${yuan}, ${r.accountsPerS} accounts/s`,
    );
    return 0;
  });
}

/** `griddesk billing print --run ID --out FILE`: the run's print file (every bill, one PDF) written to FILE with a progress bar. */
async function printCommand(args: ParsedArgs): Promise<number> {
  onlyOptions(args, ['run', 'out', 'user']);
  const out = args.options.get('out');
  if (args.words.length !== 2 || !args.options.has('run') || typeof out !== 'string')
    throw new UsageError('usage: griddesk billing print --run ID --out FILE.pdf [--user NAME]');
  const runId = intOption(args, 'run', 0, 1, Number.MAX_SAFE_INTEGER);
  const file = userPath(out)!;
  return withDatabase(async ({ db }) => {
    const p = await cliPrincipal(db, String(args.options.get('user') ?? 'admin'));
    const bar = progressBar(`print run ${runId}`);
    try {
      const tmp = `${file}.part`;
      const pf = await runPrintFile(db, p, runId, { onProgress: (x) => bar.update(x.bills, x.total, `bills, ${x.pages} pages`) });
      const written = pipeline(pf.stream, fs.createWriteStream(tmp));
      const r = await pf.done;
      await written;
      fs.renameSync(tmp, file);
      bar.stop();
      const kb = Math.round(fs.statSync(file).size / 1024);
      console.log(`打印文件 ${file}：${r.bills} 张账单，${r.pages} 页，${kb} KB`);
      console.log(`print file ${file}: ${r.bills} bills, ${r.pages} pages, ${kb} KB`);
      return 0;
    } catch (e) {
      bar.stop();
      return explain(e);
    }
  });
}
