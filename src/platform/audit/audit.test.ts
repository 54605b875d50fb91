import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../test/support/db.js';
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit, sealAudit, SYSTEM_ACTOR, verifyAudit } from './audit.js';
import { canonicalJson, chainHash, findBrokenLink, GENESIS_HASH } from './chain.js';
import type { AuditEvent } from './events.js';

test('canonical JSON ignores key order at every depth', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
});

test('a changed record breaks its own link and only from there', () => {
  const recs = [1, 2, 3].map((seq) => ({
    seq,
    at: '2026-01-01T00:00:00.000Z',
    actorId: null,
    actorKind: 'system' as const,
    actorName: 's',
    action: 'a',
    entity: 'e',
    entityId: String(seq),
    orgUnitId: null,
    before: null,
    after: { v: seq },
    ip: null,
    userAgent: null,
  }));
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

/** The chain does not care what an event says: these tests write free-form ones. */
const freeEvent = (action: string) => ({ action, entity: 'x' }) as unknown as AuditEvent;
const write = (db: Db, i: number) => withTx(db, (tx) => recordAudit(tx, SYSTEM_ACTOR, { ...freeEvent('test.write'), entityId: i, after: { i } }));
const chain = async (db: Db) =>
  (await db.query(`SELECT seq, chain_seq FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq`)).rows as { seq: number; chain_seq: number }[];

test('concurrent writers, then sealing, give one unbroken chain; tampering is found at the first broken chain_seq', async () => {
  const db = await testDb(8);
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      withTx(db, (tx) =>
        recordAudit(tx, SYSTEM_ACTOR, [
          { ...freeEvent('test.write'), entityId: i, after: { i, nested: { z: 1, a: [i] } } },
          { ...freeEvent('test.second'), entityId: i },
        ]),
      ),
    ),
  );
  const before = await verifyAudit(db);
  assert.deepEqual([before.ok, before.checked, before.unsealed], [true, 0, 80], 'written rows wait unsealed; young ones are no problem');
  assert.equal(await sealAudit(db), 80);
  assert.equal(await sealAudit(db), 0, 'nothing left to seal');
  const ok = await verifyAudit(db);
  assert.deepEqual(ok, { ok: true, checked: 80, brokenAt: null, brokenSeq: null, unsealed: 0, stale: 0, oldestStale: null });
  const rows = await chain(db);
  assert.deepEqual(
    rows.map((r) => r.chain_seq),
    Array.from({ length: 80 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    rows.map((r) => r.seq),
    [...rows.map((r) => r.seq)].sort((a, b) => a - b),
    'one round seals in seq order',
  );
  // two entries of one call keep their order (other transactions' rows may fall between them)
  const pairs = (await db.query(`SELECT entity_id, array_agg(action ORDER BY chain_seq) AS a FROM audit_log GROUP BY entity_id`)).rows;
  for (const p of pairs) assert.deepEqual(p.a, ['test.write', 'test.second']);

  // the table refuses updates of sealed rows; a tamperer with superuser rights disables the trigger first
  await assert.rejects(db.query(`UPDATE audit_log SET after = '{"i": 1000}' WHERE chain_seq = 17`), /append-only/);
  await assert.rejects(db.query(`UPDATE audit_log SET hash = repeat('1', 64) WHERE chain_seq = 17`), /append-only/, 'no resealing');
  await assert.rejects(db.query(`DELETE FROM audit_log WHERE chain_seq = 80`), /append-only/);
  const seq17 = rows[16].seq;
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
  await db.query(`UPDATE audit_log SET after = '{"i": 1000}' WHERE chain_seq = 17`);
  assert.deepEqual(await verifyAudit(db), { ok: false, checked: 16, brokenAt: 17, brokenSeq: seq17, unsealed: 0, stale: 0, oldestStale: null });
  // any other value breaks it too (not a neighbour's: with concurrent writers it may equal the original)
  await db.query(`UPDATE audit_log SET after = '{"tampered": true}' WHERE chain_seq = 17`);
  assert.equal((await verifyAudit(db)).brokenAt, 17);
  await db.query('DELETE FROM audit_log WHERE chain_seq BETWEEN 17 AND 18');
  assert.deepEqual(
    (({ ok, checked, brokenAt, brokenSeq }) => ({ ok, checked, brokenAt, brokenSeq }))(await verifyAudit(db)),
    { ok: false, checked: 16, brokenAt: 17, brokenSeq: null },
    'a gap',
  );
  // a changed insertion seq breaks the link too (it is hashed when it differs from the chain position)
  const db2 = await testDb(2);
  for (let i = 0; i < 3; i++) await write(db2, i);
  await sealAudit(db2);
  await db2.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
  await db2.query('UPDATE audit_log SET seq = 1000 WHERE chain_seq = 2');
  assert.equal((await verifyAudit(db2)).brokenAt, 2);
});

test('the trigger lets only the sealing change through', async () => {
  const db = await testDb(2);
  await write(db, 1);
  const seq = (await db.query('SELECT seq FROM audit_log')).rows[0].seq as number;
  // an unsealed row: no other column may change, not even together with sealing; no delete
  await assert.rejects(db.query(`UPDATE audit_log SET action = 'x' WHERE seq = $1`, [seq]), /append-only/);
  await assert.rejects(db.query(`UPDATE audit_log SET action = 'x', chain_seq = 1, prev_hash = 'a', hash = 'b' WHERE seq = $1`, [seq]), /append-only/);
  // every other column, whatever its type (jsonb, timestamps, a NULL becoming a value)
  for (const change of [
    `after = '{"forged": true}'`,
    `before = '{}'`,
    `at = at + interval '1 second'`,
    `ip = '10.0.0.1'`,
    `entity_id = coalesce(entity_id, '') || 'x'`,
    `seq = seq + 1000`,
  ]) {
    await assert.rejects(db.query(`UPDATE audit_log SET ${change}, chain_seq = 1, prev_hash = 'a', hash = 'b' WHERE seq = $1`, [seq]), /append-only/, change);
  }
  await assert.rejects(db.query(`UPDATE audit_log SET chain_seq = 1 WHERE seq = $1`, [seq]), /append-only|audit_log_sealed_whole/);
  await assert.rejects(db.query(`DELETE FROM audit_log WHERE seq = $1`, [seq]), /append-only/);
  // rows cannot be inserted already sealed
  await assert.rejects(
    db.query(`INSERT INTO audit_log (at, actor_kind, action, entity, chain_seq, prev_hash, hash) VALUES (now(), 'system', 'forged', 'x', 1, 'a', 'b')`),
    /append-only/,
  );
  assert.equal(await sealAudit(db), 1);
  assert.equal((await verifyAudit(db)).ok, true);
});

test('a row of an open transaction is not sealed until that transaction commits; rolled-back rows leave no gap', async () => {
  const db = await testDb(4);
  await write(db, 1);
  const a = await db.connect();
  const c = await db.connect();
  try {
    await a.query('BEGIN');
    await recordAudit(a, SYSTEM_ACTOR, { ...freeEvent('test.open'), entityId: 'a' });
    await c.query('BEGIN');
    await recordAudit(c, SYSTEM_ACTOR, { ...freeEvent('test.rolledback'), entityId: 'c' });
    await write(db, 2); // commits while a and c are open
    assert.equal(await sealAudit(db), 2, "the two committed rows, not the open transactions' rows");
    assert.equal(await sealAudit(db), 0);
    const v = await verifyAudit(db);
    assert.deepEqual([v.ok, v.checked, v.unsealed], [true, 2, 0]);
    await c.query('ROLLBACK');
    assert.equal(await sealAudit(db), 0, 'a rolled-back row never appears');
    await a.query('COMMIT');
    assert.equal(await sealAudit(db), 1);
  } finally {
    a.release();
    c.release();
  }
  const rows = (await db.query(`SELECT action, chain_seq FROM audit_log ORDER BY chain_seq`)).rows;
  assert.deepEqual(rows, [
    { action: 'test.write', chain_seq: 1 },
    { action: 'test.write', chain_seq: 2 },
    { action: 'test.open', chain_seq: 3 },
  ]);
  const seqs = (await db.query(`SELECT seq FROM audit_log ORDER BY chain_seq`)).rows.map((r) => r.seq as number);
  assert.ok(seqs[2] < seqs[1], "the open transaction's row was inserted before, chained after");
  assert.deepEqual((({ ok, checked, unsealed }) => ({ ok, checked, unsealed }))(await verifyAudit(db)), { ok: true, checked: 3, unsealed: 0 });
});

test('sealers running at once chain every row once', async () => {
  const db = await testDb(8);
  await Promise.all(Array.from({ length: 60 }, (_, i) => write(db, i)));
  const results = await Promise.all([sealAudit(db), sealAudit(db), sealAudit(db)]);
  assert.equal(
    results.reduce<number>((s, n) => s + (n ?? 0), 0),
    60,
  );
  await sealAudit(db);
  assert.deepEqual((({ ok, checked, unsealed }) => ({ ok, checked, unsealed }))(await verifyAudit(db)), { ok: true, checked: 60, unsealed: 0 });
});

test('unsealed rows older than the threshold are reported as a problem', async () => {
  const db = await testDb(2);
  await write(db, 1);
  await sealAudit(db);
  // a record written two minutes ago that no sealer has chained (the sealer stopped)
  const { rows } = await db.query(
    `INSERT INTO audit_log (at, actor_kind, action, entity) VALUES (now() - interval '2 minutes', 'system', 'waiting', 'x') RETURNING seq, at`,
  );
  const v = await verifyAudit(db);
  assert.deepEqual(v, {
    ok: false,
    checked: 1,
    brokenAt: null,
    brokenSeq: null,
    unsealed: 1,
    stale: 1,
    oldestStale: { seq: rows[0].seq, at: rows[0].at.toISOString() },
  });
  assert.equal((await verifyAudit(db, { staleAfterMs: 10 * 60_000 })).ok, true, 'younger than the threshold');
  assert.equal((await verifyAudit(db, { staleAfterMs: Infinity })).ok, true, 'check off');
  assert.equal(await sealAudit(db), 1);
  assert.deepEqual((({ ok, checked, stale }) => ({ ok, checked, stale }))(await verifyAudit(db)), { ok: true, checked: 2, stale: 0 });
});

test('migration 005 keeps a chain written by the old scheme (chained by seq) and continues it', async () => {
  const { migrationsDir } = await import('../../db/migrate.js');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { createTestDatabase } = await import('../../../test/support/db.js');
  const { createPool } = await import('../../db/pool.js');
  const pg = (await import('pg')).default;
  // a blank database with only migration 001, as databases were before sealing existed
  const { name, url } = await createTestDatabase();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await admin.end();
  const db = createPool(url, 4);
  try {
    await db.query(fs.readFileSync(path.join(migrationsDir, '001_platform_identity.sql'), 'utf8'));
    // rows as the old recordAudit wrote them: hash over the record with seq, head moved under its lock
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 5; seq++) {
      const rec = {
        seq,
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
        actorId: null,
        actorKind: 'system' as const,
        actorName: 'old',
        action: 'old.write',
        entity: 'x',
        entityId: String(seq),
        orgUnitId: null,
        before: null,
        after: { seq },
        ip: null,
        userAgent: null,
      };
      const hash = chainHash(prev, rec);
      await db.query(
        `INSERT INTO audit_log (seq, at, actor_kind, actor_name, action, entity, entity_id, after, prev_hash, hash) VALUES ($1, $2, 'system', 'old', 'old.write', 'x', $3, $4, $5, $6)`,
        [seq, rec.at, rec.entityId, JSON.stringify(rec.after), prev, hash],
      );
      prev = hash;
    }
    await db.query('UPDATE audit_head SET seq = 5, hash = $1', [prev]);
    await db.query(fs.readFileSync(path.join(migrationsDir, '005_audit_sealing.sql'), 'utf8'));
    assert.deepEqual((({ ok, checked, unsealed }) => ({ ok, checked, unsealed }))(await verifyAudit(db)), { ok: true, checked: 5, unsealed: 0 });
    await write(db, 6);
    await write(db, 7);
    assert.deepEqual(
      (await db.query('SELECT seq FROM audit_log WHERE chain_seq IS NULL ORDER BY seq')).rows.map((r) => r.seq),
      [6, 7],
      'seq continues after the old rows',
    );
    assert.equal(await sealAudit(db), 2);
    assert.deepEqual((({ ok, checked }) => ({ ok, checked }))(await verifyAudit(db)), { ok: true, checked: 7 });
    await assert.rejects(db.query('UPDATE audit_log SET after = NULL WHERE seq = 3'), /append-only/);
  } finally {
    await db.end();
    const { dropTestDatabase } = await import('../../../test/support/db.js');
    await dropTestDatabase(name);
  }
});
