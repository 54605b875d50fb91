import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../test/support/db.js';
import { withTx } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR, verifyAudit } from './audit.js';
import { canonicalJson, chainHash, findBrokenLink, GENESIS_HASH } from './chain.js';

test('canonical JSON ignores key order at every depth', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
});

test('a changed record breaks its own link and only from there', () => {
  const recs = [1, 2, 3].map((seq) => ({ seq, at: '2026-01-01T00:00:00.000Z', actorId: null, actorKind: 'system' as const, actorName: 's', action: 'a', entity: 'e', entityId: String(seq), orgUnitId: null, before: null, after: { v: seq }, ip: null, userAgent: null }));
  let prev = GENESIS_HASH;
  const rows = recs.map((record) => {
    const hash = chainHash(prev, record);
    const row = { record, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  assert.equal(findBrokenLink(rows), null);
  rows[1].record = { ...rows[1].record, after: { v: 99 } };
  assert.equal(findBrokenLink(rows), 2);
});

test('concurrent writers keep one unbroken chain; tampering is found at the first broken seq', async () => {
  const db = await testDb(8);
  await Promise.all(Array.from({ length: 40 }, (_, i) =>
    withTx(db, (tx) => recordAudit(tx, SYSTEM_ACTOR, [{ action: 'test.write', entity: 'x', entityId: i, after: { i, nested: { z: 1, a: [i] } } }, { action: 'test.second', entity: 'x', entityId: i }])),
  ));
  const ok = await verifyAudit(db);
  assert.deepEqual(ok, { ok: true, checked: 80, brokenAt: null });
  // the table refuses updates; a tamperer with superuser rights disables the trigger first
  await assert.rejects(db.query(`UPDATE audit_log SET after = '{"i": 1000}' WHERE seq = 17`), /append-only/);
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
  await db.query(`UPDATE audit_log SET after = '{"i": 1000}' WHERE seq = 17`);
  assert.deepEqual(await verifyAudit(db), { ok: false, checked: 16, brokenAt: 17 });
  await db.query(`UPDATE audit_log SET after = (SELECT after FROM audit_log WHERE seq = 18) WHERE seq = 17`);
  await db.query('DELETE FROM audit_log WHERE seq = 30');
  const r = await verifyAudit(db);
  assert.equal(r.ok, false);
  assert.ok(r.brokenAt === 17 || r.brokenAt === 30);
});
