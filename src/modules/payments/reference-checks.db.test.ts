/**
 * The references to payments of allocation lines and withholding batch lines (migration 647,
 * docs/payments.md "Tables"): checked once per statement instead of a foreign key per row, with the
 * foreign key's SQLSTATE (23503) and constraint name; a payment is never deleted and keeps its id.
 * Against real PostgreSQL: single rows, COPY, a statement with one bad row among good ones, updates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../test/support/db.js';
import { withTx, type Db } from '../../db/pool.js';
import { copyRows } from '../../db/copy.js';

async function paymentRow(db: Db, id: number): Promise<void> {
  await db.query(
    `INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, customer_class, channel, method, reference, amount_fen,
                           principal_fen, late_fee_fen, credit_fen, explanation, paid_on, receipt_no)
     VALUES ($1::bigint, 7001, 7001, 1, '/1/', 'residential', 'bank', 'withholding', 'ref-' || $1::text, 500, 500, 0, 0, '{}', '2026-12-01', 'SK-' || $1::text)`,
    [id],
  );
}

const refused = (constraint: string) => (e: unknown) => {
  const err = e as { code?: string; constraint?: string };
  assert.equal(err.code, '23503');
  assert.equal(err.constraint, constraint);
  return true;
};

test('allocation lines: a line naming no payment is refused like a foreign key, one bad row refuses the whole statement', async () => {
  const db = await testDb(2);
  await paymentRow(db, 501);
  await db.query(`INSERT INTO payment_allocations VALUES (7001, 501, 1, 11, 'principal', 500)`);
  await assert.rejects(db.query(`INSERT INTO payment_allocations VALUES (7001, 999, 1, 11, 'principal', 500)`), refused('payment_allocations_payment_id_fkey'));
  await assert.rejects(
    db.query(`INSERT INTO payment_allocations VALUES (7001, 501, 2, 11, 'principal', 1), (7001, 998, 1, 11, 'principal', 1)`),
    refused('payment_allocations_payment_id_fkey'),
  );
  // COPY, as a bank file's chunk writes them
  await assert.rejects(
    withTx(db, (tx) =>
      copyRows(
        tx,
        'payment_allocations',
        ['account_id', 'payment_id', 'line_no', 'bill_id', 'kind', 'amount_fen'],
        [
          [7001, 501, 3, 11, 'principal', 1],
          [7001, 997, 1, 11, 'principal', 1],
        ],
      ),
    ),
    refused('payment_allocations_payment_id_fkey'),
  );
  await assert.rejects(db.query(`UPDATE payment_allocations SET payment_id = 996 WHERE payment_id = 501`), refused('payment_allocations_payment_id_fkey'));
  const { rows } = await db.query(`SELECT payment_id, line_no FROM payment_allocations ORDER BY payment_id, line_no`);
  assert.deepEqual(
    rows.map((r) => [Number(r.payment_id), r.line_no]),
    [[501, 1]],
    'only the good single row was written',
  );
});

test('batch lines: marked paid with a payment that exists, refused with one that does not', async () => {
  const db = await testDb(2);
  await paymentRow(db, 601);
  await db.query(
    `INSERT INTO withholding_batches (id, batch_no, bank_code, org_unit_id, org_path, lines, total_fen) VALUES (41, 'WH-T-41', 'DEMO-FIX', 1, '/1/', 2, 1000)`,
  );
  await db.query(
    `INSERT INTO withholding_lines (batch_id, seq, account_id, account_no, bank_account_no, holder_name, amount_fen)
     VALUES (41, 1, 7001, 'A1', 'B1', '户主', 500), (41, 2, 7002, 'A2', 'B2', '户主', 500)`,
  );
  await db.query(`UPDATE withholding_lines SET status = 'paid', payment_id = 601 WHERE batch_id = 41 AND seq = 1`);
  await assert.rejects(
    db.query(
      `UPDATE withholding_lines l SET status = 'paid', payment_id = t.pid FROM unnest(ARRAY[1, 2], ARRAY[601, 995]) AS t(seq, pid) WHERE l.batch_id = 41 AND l.seq = t.seq`,
    ),
    refused('withholding_lines_payment_id_fkey'),
  );
  await db.query(`UPDATE withholding_lines SET status = 'failed', message = 'E1' WHERE batch_id = 41 AND seq = 2`);
  const { rows } = await db.query(`SELECT seq, status, payment_id FROM withholding_lines WHERE batch_id = 41 ORDER BY seq`);
  assert.deepEqual(
    rows.map((r) => [r.seq, r.status, r.payment_id === null ? null : Number(r.payment_id)]),
    [
      [1, 'paid', 601],
      [2, 'failed', null],
    ],
  );
});

test('a payment is never deleted and keeps its id; its other columns change as before', async () => {
  const db = await testDb(2);
  await paymentRow(db, 701);
  await assert.rejects(db.query(`DELETE FROM payments WHERE id = 701`), (e: unknown) => (e as { code?: string }).code === '23503');
  await assert.rejects(db.query(`UPDATE payments SET id = 702 WHERE id = 701`), (e: unknown) => (e as { code?: string }).code === '23503');
  await db.query(`UPDATE payments SET status = 'reversed', reversed_at = now() WHERE id = 701`);
  const { rows } = await db.query(`SELECT id, status FROM payments`);
  assert.deepEqual(
    rows.map((r) => [Number(r.id), r.status]),
    [[701, 'reversed']],
  );
});
