/** The partitioned calls table goes through backup and restore (its default partition is a plain table to them). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from '../../../test/support/db.js';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.js';
import { backup } from '../../ops/backup.js';
import { restore } from '../../ops/restore.js';
import { importFile } from './import.js';
import { HAND_LOG } from './fixtures/hand.js';

test('calls, spans and problems survive backup → restore; the restored import still refuses its file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qa-backup-'));
  const source = await testDb(4);
  const log = path.join(dir, 'queue_log');
  fs.writeFileSync(log, HAND_LOG);
  await importFile(source, { orgUnitId: 1, orgPath: '/1/', userId: null, userName: 't' }, SYSTEM_ACTOR, log);
  const file = path.join(dir, 'b.gdb.gz');
  const header = await backup(source, file);
  assert.equal(header.tables.find((t) => t.name === 'qa_calls_default')?.rows, 13);
  const target = await testDb(4);
  await restore(target, file);
  const count = async (t: string) => Number((await target.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  assert.deepEqual([await count('qa_calls'), await count('qa_agent_states'), await count('qa_import_problems'), await count('qa_imports')], [13, 7, 5, 1]);
  await assert.rejects(importFile(target, { orgUnitId: 1, orgPath: '/1/', userId: null, userName: 't' }, SYSTEM_ACTOR, log), /imported before/);
});
