import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from '../../../test/support/db.js';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import { followStep, importFile } from './import.js';
import { HAND_LOG } from './fixtures/hand.js';
import { DomainError } from '../../platform/errors.js';

const owner = { orgUnitId: 1, orgPath: '/1/', userId: null, userName: 'test' };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qa-'));

test('a file imported by stream; the same file again is refused and writes nothing', async () => {
  const db = await testDb(4);
  const file = path.join(tmp(), 'queue_log');
  fs.writeFileSync(file, HAND_LOG);
  const seen: number[] = [];
  const r = await importFile(db, owner, SYSTEM_ACTOR, file, { onProgress: (d) => seen.push(d) });
  assert.deepEqual([r.counts.lines, r.counts.calls, r.counts.problems, r.counts.spans], [52, 13, 5, 7]);
  assert.equal(seen.at(-1), fs.statSync(file).size);
  await assert.rejects(importFile(db, owner, SYSTEM_ACTOR, file), (e: unknown) => e instanceof DomainError && e.code === 'DUPLICATE_IMPORT');
  assert.equal((await db.query('SELECT count(*)::int AS n FROM qa_imports')).rows[0].n, 1);
  // the same calls in another file (one line changed): stored once, counted as duplicates
  const other = path.join(tmp(), 'queue_log.1');
  fs.writeFileSync(other, HAND_LOG.replace('QUEUESTART', 'CONFIGRELOAD'));
  const r2 = await importFile(db, owner, SYSTEM_ACTOR, other);
  assert.deepEqual([r2.counts.calls, r2.counts.duplicateCalls], [0, 13]);
  assert.equal((await db.query('SELECT count(*)::int AS n FROM qa_calls')).rows[0].n, 13);
  assert.equal((await db.query('SELECT count(*)::int AS n FROM qa_calls_default')).rows[0].n, 13, 'rows live in the default partition');
});

test('following a growing file: a call split across reads, a half-written line, restart from the stored offset', async () => {
  const db = await testDb(4);
  const file = path.join(tmp(), 'queue_log');
  const cut = HAND_LOG.indexOf('c4|95598|Agent/1001|COMPLETECALLER') + 10; // mid-line, c4 open
  fs.writeFileSync(file, HAND_LOG.slice(0, cut));
  const a = await followStep(db, owner, SYSTEM_ACTOR, file);
  assert.ok(a.openCalls > 0);
  const stored = await db.query('SELECT follow_offset FROM qa_imports WHERE id = $1', [a.importId]);
  assert.ok(Number(stored.rows[0].follow_offset) < cut, 'the half-written line is left for the next read');
  const again = await followStep(db, owner, SYSTEM_ACTOR, file); // nothing new
  assert.deepEqual([again.bytes, again.newCalls], [0, 0]);
  fs.appendFileSync(file, HAND_LOG.slice(cut));
  const b = await followStep(db, owner, SYSTEM_ACTOR, file);
  assert.equal(b.importId, a.importId);
  assert.equal(a.newCalls + b.newCalls, 13, 'every finished call once');
  const c4 = await db.query(`SELECT outcome, wait_s, talk_s FROM qa_calls WHERE cti_call_id = 'c4'`);
  assert.deepEqual(c4.rows[0], { outcome: 'answered', wait_s: 30, talk_s: 60 });
  const imp = (await db.query('SELECT lines, problems, problems_by_reason FROM qa_imports WHERE id = $1', [a.importId])).rows[0];
  assert.equal(Number(imp.lines), 52);
  assert.deepEqual(imp.problems_by_reason, { truncated: 1, unknown_event: 1, bad_time: 1, out_of_order: 1 });
  fs.writeFileSync(file, 'x\n');
  await assert.rejects(followStep(db, owner, SYSTEM_ACTOR, file), (e: unknown) => e instanceof DomainError && e.code === 'FILE_SHRANK');
});
