/** `griddesk queuelog import` as a user runs it: a child process on a test database. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDb } from '../../../test/support/db.js';
import { HAND_LOG } from './fixtures/hand.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli/index.js');

test('queuelog import: a file with a progress line and a summary, the same file refused (exit 1), usage (exit 2), --follow resumes', async () => {
  const db = await testDb(2);
  await db.query(`INSERT INTO org_units (code, name, level, area_type, path) VALUES ('ROOT', '省公司', 'province', 'urban', '/1/')`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qa-cli-'));
  const file = path.join(dir, 'queue_log');
  fs.writeFileSync(file, HAND_LOG);
  const env = { ...process.env, DATABASE_URL: db.url };
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'queuelog', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  let r = run('import', file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /queuelog import: done/);
  assert.match(r.stdout, /52 lines .* 13 calls, 7 agent spans, 5 problems/);
  r = run('import', file);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /imported before/);
  assert.equal(run('import').status, 2);
  assert.equal(run('import', file, '--format', 'xml').status, 2);

  // follow: the first half, stop, the rest appended, start again: every call once
  const grow = path.join(dir, 'growing');
  fs.writeFileSync(grow, HAND_LOG.slice(0, HAND_LOG.indexOf('c9|')));
  const follow = async () => {
    const p = spawn(process.execPath, [CLI, 'queuelog', 'import', grow, '--follow', '--poll-ms', '200'], { env });
    let out = '';
    // stop once a step has been stored (or after 30 s)
    await new Promise<void>((res) => {
      const timer = setTimeout(res, 30_000);
      p.stdout.on('data', (d) => {
        out += d;
        if (/bytes to offset/.test(out)) {
          clearTimeout(timer);
          res();
        }
      });
    });
    p.kill('SIGINT');
    await new Promise((res) => p.on('exit', res));
    return out;
  };
  const first = await follow();
  assert.match(first, /following .*\n.*import \d+: \+\d+ bytes to offset/);
  fs.appendFileSync(grow, HAND_LOG.slice(HAND_LOG.indexOf('c9|')));
  assert.match(await follow(), /\+0 calls \(\+6 already stored\)/);
  const n = await db.query(`SELECT count(*)::int AS n, sum(calls)::int AS c, sum(duplicate_calls)::int AS d FROM qa_imports WHERE source = 'follow'`);
  assert.deepEqual(n.rows[0], { n: 1, c: 0, d: 13 }, "the followed file's calls were stored by the first import: all 13 counted once, as duplicates");
});
