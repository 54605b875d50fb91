/**
 * Backup → restore round trip: a seeded database with awkward extra rows goes out through
 * `backup` and comes back through `restore` into a second fresh database with the same content,
 * table by table and sequence by sequence, and an audit chain that still verifies.
 * Also: a backup taken during concurrent audited writes restores to a consistent chain, and
 * restore refuses (changing nothing) a used database, other migrations, a truncated or tampered file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { withTx, type Db } from '../../src/db/pool.js';
import { recordAudit, sealAudit, SYSTEM_ACTOR, verifyAudit } from '../../src/platform/audit/audit.js';
import { seed } from '../../src/seed/seed.js';
import { backup } from '../../src/ops/backup.js';
import { openBackup, restore, RestoreRefused } from '../../src/ops/restore.js';
import { databaseDigest } from '../../src/ops/table-digest.js';
import { testDb } from '../support/db.js';
import type { AuditEvent } from '../../src/platform/audit/events.js';

/** A free-form audit event: these tests exercise the chain and the backup, not the vocabulary. */
const freeEvent = (action: string, entity: string) => ({ action, entity }) as unknown as AuditEvent;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-backup-test-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const AWKWARD = ['tab\there', 'new\nline', 'back\\slash \\. \\N', '\\.', 'carriage\rreturn', '引号"和\'撇号', 'emoji 🔌⚡', ''];

/** Writes rows whose text needs COPY escaping, and audits each change with the same values. */
async function writeAwkwardRows(db: Db) {
  for (const [i, text] of AWKWARD.entries()) {
    await withTx(db, async (tx) => {
      const org = (await tx.query('SELECT id FROM org_units ORDER BY id LIMIT 1')).rows[0].id;
      const c = await tx.query(`INSERT INTO customers (org_unit_id, name, kind, phone, email) VALUES ($1, $2, 'person', NULL, $3) RETURNING id, created_at`, [
        org,
        `客户${i} ${text}`,
        i % 2 ? null : `x${i}@example.com`,
      ]);
      await tx.query('UPDATE customers SET updated_at = $2 WHERE id = $1', [c.rows[0].id, new Date(Date.UTC(2026, 1, 3, 4, 5, 6, 789))]);
      await recordAudit(
        tx,
        { id: null, kind: 'system', name: `tester ${text}`, ip: '10.0.0.1', userAgent: text },
        {
          ...freeEvent('customer.create', 'customer'),
          entityId: c.rows[0].id,
          orgUnitId: org,
          after: { name: text, nested: { list: [1, 2.5, text, null], flag: true } },
        },
      );
    });
  }
  // a network device with doubles and numerics that must come back bit for bit
  await withTx(db, async (tx) => {
    const sub = (await tx.query(`SELECT org_unit_id FROM network_devices WHERE kind = 'substation' ORDER BY id LIMIT 1`)).rows[0];
    await tx.query(
      `INSERT INTO network_devices (kind, code, name, org_unit_id, lon, lat, voltage_kv) VALUES ('substation', 'SUBX', '测试站', $1, 0.1 + 0.2, 1e-300, 110.55)`,
      [sub.org_unit_id],
    );
    await recordAudit(tx, SYSTEM_ACTOR, { ...freeEvent('network.create', 'network_device'), entityId: 'SUBX', after: { lon: 0.30000000000000004 } });
  });
}

async function isEmpty(db: Db): Promise<boolean> {
  const r = await db.query('SELECT (SELECT count(*) FROM org_units)::int + (SELECT count(*) FROM audit_log)::int AS n');
  return r.rows[0].n === 0;
}

test('backup → restore into a fresh database gives the same rows in every table and a verifying audit chain', async () => {
  const source = await testDb();
  await seed(source, { customers: 300, seed: 5 });
  assert.ok((await sealAudit(source))! > 0); // the seed's records are chained, the awkward rows' are not yet
  await writeAwkwardRows(source);
  const unsealed = (await verifyAudit(source)).unsealed;
  assert.equal(unsealed, AWKWARD.length + 1);
  const file = path.join(dir, 'roundtrip.gdb.gz');
  const stages = new Set<string>();
  const header = await backup(source, file, { onProgress: (_d, _t, s) => stages.add(s) });
  assert.ok(fs.statSync(file).size > 0);
  assert.ok(stages.has('customers'), 'progress reports table by table');
  assert.deepEqual(
    header.migrations,
    (await source.query('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name),
  );
  assert.equal(header.tables.find((t) => t.name === 'customers')?.rows, 300 + AWKWARD.length);
  // referenced tables come before the tables that reference them
  const order = header.tables.map((t) => t.name);
  assert.ok(order.indexOf('org_units') < order.indexOf('customers'));
  assert.ok(order.indexOf('customers') < order.indexOf('customer_accounts'));
  assert.ok(order.indexOf('service_points') < order.indexOf('meters'));

  const target = await testDb();
  const report = await restore(target, file);
  assert.equal(
    report.rows,
    header.tables.reduce((s, t) => s + t.rows, 0),
  );
  const [a, b] = [await databaseDigest(source), await databaseDigest(target)];
  assert.ok(Object.keys(a.tables).length >= 10);
  for (const name of Object.keys(a.tables)) assert.deepEqual(b.tables[name], a.tables[name], `table ${name}`);
  assert.deepEqual(b, a);
  const audit = await verifyAudit(target);
  assert.equal(audit.ok, true);
  assert.equal(audit.checked, (await verifyAudit(source)).checked);
  assert.equal(audit.unsealed, unsealed, 'unsealed records are restored unsealed');
  // ...and the target's sealer chains them exactly as the source's does
  assert.equal(await sealAudit(target), unsealed);
  assert.equal(await sealAudit(source), unsealed);
  const chainOf = async (db: Db) => (await db.query('SELECT seq, chain_seq, hash FROM audit_log ORDER BY chain_seq')).rows;
  assert.deepEqual(await chainOf(target), await chainOf(source));
  assert.equal((await verifyAudit(target)).checked, report.auditRecords + unsealed);

  // the restored database keeps working: identities continue after the restored ids, the chain grows
  await withTx(target, async (tx) => {
    const org = (await tx.query('SELECT id FROM org_units ORDER BY id LIMIT 1')).rows[0].id;
    const c = await tx.query(`INSERT INTO customers (org_unit_id, name) VALUES ($1, '恢复后新客户') RETURNING id`, [org]);
    assert.ok(c.rows[0].id > (await tx.query('SELECT max(id) AS m FROM customers WHERE id <> $1', [c.rows[0].id])).rows[0].m);
    await recordAudit(tx, SYSTEM_ACTOR, { ...freeEvent('customer.create', 'customer'), entityId: c.rows[0].id });
  });
  await sealAudit(target);
  const grown = await verifyAudit(target);
  assert.deepEqual([grown.ok, grown.unsealed], [true, 0]);
  // ...and the audit log is still append-only
  await assert.rejects(target.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`), /append-only/);

  // a second restore into the now used database is refused
  await assert.rejects(restore(target, file), (e: unknown) => e instanceof RestoreRefused && /not empty/.test((e as Error).message));
});

test('a backup taken during concurrent audited writes is one consistent snapshot', async () => {
  const source = await testDb();
  await seed(source, { customers: 2000, seed: 9 });
  let stop = false;
  let writes = 0;
  const writer = (async () => {
    while (!stop) {
      await withTx(source, async (tx) => {
        const org = (await tx.query('SELECT id FROM org_units ORDER BY id LIMIT 1')).rows[0].id;
        const c = await tx.query(`INSERT INTO customers (org_unit_id, name) VALUES ($1, $2) RETURNING id`, [org, `并发客户${writes}`]);
        await tx.query(`INSERT INTO customer_accounts (customer_id, org_unit_id, account_no) VALUES ($1, $2, $3)`, [c.rows[0].id, org, `99${c.rows[0].id}`]);
        await recordAudit(tx, SYSTEM_ACTOR, { ...freeEvent('customer.create', 'customer'), entityId: c.rows[0].id });
      });
      writes++;
    }
  })();
  const sealer = (async () => {
    // sealing goes on too, so the backup holds sealed and unsealed records
    while (!stop) await sealAudit(source);
  })();
  while (writes < 5) await new Promise((r) => setTimeout(r, 10));
  const file = path.join(dir, 'concurrent.gdb.gz');
  const header = await backup(source, file);
  const writesAtEnd = writes;
  stop = true;
  await writer;
  await sealer;
  assert.ok(writes > 5);
  const target = await testDb();
  await restore(target, file); // verifies the audit chain (head and log from one snapshot) before committing
  const t = await target.query(`SELECT (SELECT count(*) FROM customers WHERE name LIKE '并发客户%')::int AS c,
                                       (SELECT count(*) FROM customer_accounts WHERE account_no LIKE '99%')::int AS a,
                                       (SELECT count(*) FROM audit_log WHERE action = 'customer.create')::int AS l`);
  const { c, a, l } = t.rows[0];
  assert.ok(c >= 5 && c <= writesAtEnd + 1, `customers written before the snapshot: ${c}`);
  assert.equal(a, c, 'every customer comes with its account');
  assert.equal(l, c, 'every customer comes with its audit record');
  await sealAudit(target);
  const v = await verifyAudit(target);
  assert.deepEqual([v.ok, v.unsealed, v.checked], [true, 0, (await target.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n]);
  assert.equal(header.tables.find((x) => x.name === 'customers')?.rows, 2000 + c);
});

test('restore refuses other migrations and damaged files, and leaves the target untouched', async () => {
  const source = await testDb();
  await seed(source, { customers: 50, seed: 1 });
  await sealAudit(source); // a tampered sealed record is what the chain check catches
  const file = path.join(dir, 'small.gdb.gz');
  await backup(source, file);

  const otherMigrations = await testDb();
  await otherMigrations.query(`INSERT INTO schema_migrations (name) VALUES ('999_from_the_future.sql')`);
  await assert.rejects(restore(otherMigrations, file), (e: unknown) => e instanceof RestoreRefused && /999_from_the_future/.test((e as Error).message));

  const plain = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');

  // truncated inside a table section
  const truncated = path.join(dir, 'truncated.gdb.gz');
  fs.writeFileSync(truncated, zlib.gzipSync(plain.slice(0, Math.floor(plain.length * 0.6))));
  const t1 = await testDb();
  await assert.rejects(restore(t1, truncated), /truncated|ends/);
  assert.equal(await isEmpty(t1), true, 'nothing restored from a truncated file');

  // one audit record altered: the chain check fails and the whole restore rolls back
  const lines = plain.split('\n');
  const start = lines.indexOf('COPY audit_log');
  assert.ok(start > 0);
  lines[start + 1] = lines[start + 1].replace('seed', 'sEEd');
  assert.notEqual(lines.join('\n'), plain);
  const tampered = path.join(dir, 'tampered.gdb.gz');
  fs.writeFileSync(tampered, zlib.gzipSync(lines.join('\n')));
  const t2 = await testDb();
  await assert.rejects(restore(t2, tampered), /audit chain is broken at seq 1/);
  assert.equal(await isEmpty(t2), true, 'nothing restored from a tampered file');

  // not a backup at all
  const junk = path.join(dir, 'junk.gz');
  fs.writeFileSync(junk, zlib.gzipSync('hello\n'));
  await assert.rejects(openBackup(junk), /not a griddesk backup/);

  // the good file still restores into a fresh database
  const t3 = await testDb();
  await restore(t3, file);
  assert.deepEqual(await databaseDigest(t3), await databaseDigest(source));
});
