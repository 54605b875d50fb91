/**
 * A bank's file layout as the withholding service reads it (bank_layouts, seeded by migration): the tests that
 * write a bank's result file or parse its debit file take the layout from its row here, not written out again.
 */
import type { Queryable } from '../../src/db/pool.js';
import type { BankLayout } from '../../src/modules/payments/index.js';

/** The layout of the bank `code` (e.g. 'DEMO-CSV', 'DEMO-FIX') from its bank_layouts row; throws when there is none. */
export async function bankLayoutOf(db: Queryable, code: string): Promise<BankLayout> {
  const r = (await db.query(`SELECT * FROM bank_layouts WHERE bank_code = $1`, [code])).rows[0];
  if (!r) throw new Error(`no bank_layouts row for ${code}`);
  return {
    bankCode: r.bank_code,
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    header: r.header,
    debitFields: r.debit_fields,
    resultFields: r.result_fields,
    successCode: r.success_code,
  };
}
