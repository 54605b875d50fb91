/**
 * Migration 422 on a database from before it (real PostgreSQL): the column is added with
 * `customer` for every application but the closure applications of 销户 cases (`company`), and a
 * policy still holding the shipped checklist gets a new version with the new default checklist,
 * everything else kept; an edited checklist is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';
import { migrate } from '../../db/migrate.js';
import type { Db } from '../../db/pool.js';
import { DEFAULT_CHECKLIST, DEFAULT_CONNECTION_POLICY, type ChecklistEntry } from './policy.js';

const M = '422_connection_initiator.sql';
/** The checklist shipped before migration 422. */
const SHIPPED: ChecklistEntry[] = [
  { when: { classes: ['residential'] }, items: ['id_card', 'property_proof'] },
  { when: { classes: ['lv_nonresidential'] }, items: ['business_licence', 'legal_person_id', 'property_proof'] },
  DEFAULT_CHECKLIST[2],
  DEFAULT_CHECKLIST[3],
  {
    when: {
      minVoltageKv: 10,
      legalEntity: true,
      kinds: [
        'rename',
        'transfer',
        'relocation',
        'temporary_removal',
        'pause',
        'pause_end',
        'reduction',
        'reduction_end',
        'meter_relocation',
        'use_class_change',
      ],
    },
    items: ['business_licence', 'legal_person_id'],
  },
];

/** Back to the database as it was before 422: no column, this checklist in the only policy version. */
async function before422(db: Db, checklist: ChecklistEntry[]) {
  await db.query(`ALTER TABLE connection_applications DROP COLUMN initiator`);
  await db.query(`DELETE FROM schema_migrations WHERE name = $1`, [M]);
  await db.query(`DELETE FROM connection_policies`);
  await db.query(`INSERT INTO connection_policies (version, data, note) VALUES (1, $1, 'shipped')`, [
    JSON.stringify({ ...DEFAULT_CONNECTION_POLICY, reviewMinKva: 1800, documents: { ...DEFAULT_CONNECTION_POLICY.documents, checklist } }),
  ]);
}

test('migration 422: initiators of existing applications, and the new checklist as a new policy version only over the shipped one', async () => {
  const t = await testApp({ customers: 10 });
  const sp = (
    await t.db.query(
      `SELECT sp.id, sp.account_id, sp.customer_id, sp.org_unit_id, o.path FROM service_points sp JOIN org_units o ON o.id = sp.org_unit_id ORDER BY sp.id LIMIT 1`,
    )
  ).rows[0];
  const app = async (no: string, kind: string) =>
    (
      await t.db.query(
        `INSERT INTO connection_applications (app_no, kind, customer_class, channel, stage, org_unit_id, org_path, policy_set, policy_version, received_at,
           applicant_name, applicant_phone, address, voltage_kv, service_point_id)
         VALUES ($1, $2, 'residential', 'counter', 'acceptance', $3, $4, 'current', 1, now(), '张三', '13800138000', '清河县', 0.22, $5) RETURNING id`,
        [no, kind, sp.org_unit_id, sp.path, sp.id],
      )
    ).rows[0].id as number;

  await before422(t.db, SHIPPED);
  const own = await app('YKT0001', 'closure');
  const finders = await app('YKT0002', 'closure');
  await t.db.query(
    `INSERT INTO connection_closure_cases (account_id, customer_id, service_point_id, org_unit_id, org_path, status, idle_since, evidence_through, idle_months, evidence, application_id)
     VALUES ($1, $2, $3, $4, $5, 'closing', current_date - 200, current_date, 6, '{}', $6)`,
    [sp.account_id, sp.customer_id, sp.id, sp.org_unit_id, sp.path, finders],
  );
  assert.deepEqual(await migrate(t.db), [M]);
  const initiators = (await t.db.query(`SELECT app_no, initiator FROM connection_applications WHERE id = ANY($1::bigint[]) ORDER BY app_no`, [[own, finders]]))
    .rows;
  assert.deepEqual(initiators, [
    { app_no: 'YKT0001', initiator: 'customer' },
    { app_no: 'YKT0002', initiator: 'company' },
  ]);
  const versions = (await t.db.query(`SELECT version, data, note FROM connection_policies ORDER BY version`)).rows;
  assert.equal(versions.length, 2);
  assert.deepEqual(versions[1].data.documents.checklist, DEFAULT_CHECKLIST);
  assert.equal(versions[1].data.reviewMinKva, 1800, 'the rest of the stored version is kept');
  assert.deepEqual({ ...versions[1].data, documents: null }, { ...versions[0].data, documents: null });
  assert.match(versions[1].note, /422/);
  await assert.rejects(t.db.query(`UPDATE connection_applications SET initiator = 'neighbour' WHERE id = $1`, [own]), /check constraint/);

  // a company's own checklist is not replaced
  await t.db.query(`DELETE FROM connection_closure_cases`);
  await t.db.query(`DELETE FROM connection_applications`);
  const edited = SHIPPED.map((e, i) => (i === 0 ? { ...e, items: ['id_card'] } : e));
  await before422(t.db, edited);
  assert.deepEqual(await migrate(t.db), [M]);
  const kept = (await t.db.query(`SELECT version, data FROM connection_policies ORDER BY version`)).rows;
  assert.equal(kept.length, 1);
  assert.deepEqual(kept[0].data.documents.checklist, edited);
});
