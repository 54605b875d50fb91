/**
 * Bank withholding (代扣), docs/payments.md "Bank withholding".
 *
 * - Export: for a bank, every active mandate of an account in the caller's scope that owes something
 *   today and has no line still waiting for a bank's answer becomes a line of a new batch (amount =
 *   what it owes now, late fee included); the file is
 *   written in the bank's layout (bank_layouts, bank-file-rules.ts). Audited.
 * - Import of the bank's result file: a file whose content (SHA-256) was applied before is
 *   quarantined whole (`duplicate_file`); lines that do not fit the layout (`bad_line`), whose batch
 *   line does not exist or names another account (`unknown_account`), whose amount differs from the
 *   line sent (`amount_mismatch`) or that was settled before (`already_settled`) are quarantined with
 *   the detail. Failed debits mark their line failed with the bank's message. Successful ones are
 *   paid through the same use case as the counter (channel `bank`, method `withholding`, reference
 *   `bank:batch:seq`), in chunks of `chunk` lines, one transaction each; the reference makes a
 *   resumed import pay nothing twice.
 * - Reconciliation of a batch: lines and fen sent, paid, failed, still open, quarantined.
 */
import { createHash } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { idArray } from '../../db/params.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { todayBeijing } from '../ledger/index.js';
import { fenField, formatFile, parseFile, type BankLayout, type LineProblem } from './bank-file-rules.js';
import { owedLines } from './payment-rules.js';
import { takePaymentIdsIn, type PaymentIn } from './payments.js';
import { PAYMENTS_POLICY } from './policy-data.js';
import { billStatesOf, visibleAccount } from './store.js';
import { settlementOf } from './settlement.js';
import { accountsForCollection } from '../customers/index.js';
import type { BatchOut, ImportOut, QuarantineOut } from './schemas.js';

/** A bank's file layout from its bank_layouts row; an unknown bank is a 400 naming `bankCode`. */
export async function layoutOf(db: Queryable, bankCode: string): Promise<BankLayout> {
  const r = (await db.query('SELECT * FROM bank_layouts WHERE bank_code = $1', [bankCode])).rows[0];
  if (!r) throw badField('bankCode', 'unknown', `没有银行 ${bankCode} 的文件版式`, `no file layout for bank ${bankCode}`);
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

export async function listBanks(db: Db): Promise<{ bankCode: string; name: string; format: string; encoding: string; source: string }[]> {
  const { rows } = await db.query('SELECT bank_code, name, format, encoding, source FROM bank_layouts ORDER BY bank_code');
  return rows.map((r) => ({ bankCode: r.bank_code, name: r.name, format: r.format, encoding: r.encoding, source: r.source }));
}

export async function upsertMandate(
  db: Db,
  p: Principal,
  body: { accountId: number; bankCode: string; bankAccountNo: string; holderName: string },
): Promise<{ accountId: number; bankCode: string; bankAccountNo: string; holderName: string; active: boolean }> {
  await layoutOf(db, body.bankCode);
  return withTx(db, async (tx) => {
    const a = await visibleAccount(tx, p, body.accountId);
    await tx.query(
      `INSERT INTO withholding_mandates (account_id, bank_code, bank_account_no, holder_name) VALUES ($1,$2,$3,$4)
       ON CONFLICT (account_id) DO UPDATE SET bank_code = EXCLUDED.bank_code, bank_account_no = EXCLUDED.bank_account_no, holder_name = EXCLUDED.holder_name, active = true`,
      [body.accountId, body.bankCode, body.bankAccountNo, body.holderName],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'withholding.mandate',
      entity: 'withholding_mandate',
      entityId: body.accountId,
      orgUnitId: a.orgUnitId,
      after: body,
    });
    return { ...body, active: true };
  });
}

/** A new debit batch for a bank: what each mandated account in scope owes today. */
export async function exportBatch(db: Db, p: Principal, bankCode: string, today = todayBeijing()): Promise<BatchOut> {
  const layout = await layoutOf(db, bankCode);
  const mandates = (
    await db.query(`SELECT account_id, bank_account_no, holder_name FROM withholding_mandates WHERE bank_code = $1 AND active ORDER BY account_id`, [bankCode])
  ).rows;
  // an account with a line still waiting for a bank's answer is left out: sending its debt twice could debit it twice
  const waiting = new Set((await db.query(`SELECT DISTINCT account_id FROM withholding_lines WHERE status = 'sent'`)).rows.map((r) => Number(r.account_id)));
  const mine: { accountId: number; accountNo: string; bankAccountNo: string; holder: string; amountFen: number }[] = [];
  for (let i = 0; i < mandates.length; i += 5000) {
    const part = mandates.slice(i, i + 5000);
    const ids = part.map((m) => Number(m.account_id));
    // only accounts in the caller's scope
    const numbers = new Map((await accountsForCollection(db, p.orgPath, { accountIds: ids }, ids.length)).map((a) => [a.accountId, a.accountNo]));
    const states = await billStatesOf(
      db,
      ids.filter((id) => numbers.has(id)),
    );
    for (const m of part) {
      const accountId = Number(m.account_id);
      if (!numbers.has(accountId) || waiting.has(accountId)) continue;
      const owed = owedLines(states.get(accountId)?.states ?? [], today, PAYMENTS_POLICY).reduce((s, l) => s + l.owedNowFen, 0);
      if (owed > 0) mine.push({ accountId, accountNo: numbers.get(accountId)!, bankAccountNo: m.bank_account_no, holder: m.holder_name, amountFen: owed });
    }
  }
  return withTx(db, async (tx) => {
    const id = Number((await tx.query(`SELECT nextval(pg_get_serial_sequence('withholding_batches', 'id')) AS id`)).rows[0].id);
    const batchNo = `WH${today.replaceAll('-', '')}${String(id).padStart(6, '0')}`;
    const total = mine.reduce((s, l) => s + l.amountFen, 0);
    await tx.query(
      'INSERT INTO withholding_batches (id, batch_no, bank_code, org_unit_id, org_path, lines, total_fen, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
      [id, batchNo, layout.bankCode, p.orgUnitId, p.orgPath, mine.length, total, p.id],
    );
    if (mine.length)
      await tx.query(
        `INSERT INTO withholding_lines (batch_id, seq, account_id, account_no, bank_account_no, holder_name, amount_fen)
         SELECT $1, n, a, no, b, h, f FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY AS t(a, no, b, h, f, n)`,
        [
          id,
          mine.map((l) => l.accountId),
          mine.map((l) => l.accountNo),
          mine.map((l) => l.bankAccountNo),
          mine.map((l) => l.holder),
          mine.map((l) => l.amountFen),
        ],
      );
    await recordAudit(tx, actorOf(p), {
      action: 'withholding.export',
      entity: 'withholding_batch',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { batchNo, bankCode, lines: mine.length, totalFen: total },
    });
    return batchSummary(tx, p, id);
  });
}

async function batchSummary(q: Queryable, p: Principal, id: number): Promise<BatchOut> {
  const b = (await q.query(`SELECT * FROM withholding_batches WHERE id = $1 AND org_path LIKE $2 || '%'`, [id, p.orgPath])).rows[0];
  if (!b) throw notFound('Withholding batch', '代扣批次');
  const s = (
    await q.query(
      `SELECT count(*) FILTER (WHERE status = 'paid')::int AS paid, coalesce(sum(amount_fen) FILTER (WHERE status = 'paid'), 0)::bigint AS paid_fen,
              count(*) FILTER (WHERE status = 'failed')::int AS failed, coalesce(sum(amount_fen) FILTER (WHERE status = 'failed'), 0)::bigint AS failed_fen,
              count(*) FILTER (WHERE status = 'sent')::int AS open, coalesce(sum(amount_fen) FILTER (WHERE status = 'sent'), 0)::bigint AS open_fen
         FROM withholding_lines WHERE batch_id = $1`,
      [id],
    )
  ).rows[0];
  const quarantined = Number((await q.query(`SELECT count(*)::int AS n FROM withholding_quarantine WHERE batch_no = $1`, [b.batch_no])).rows[0].n);
  return {
    id: Number(b.id),
    batchNo: b.batch_no,
    bankCode: b.bank_code,
    lines: b.lines,
    totalFen: Number(b.total_fen),
    paid: s.paid,
    paidFen: Number(s.paid_fen),
    failed: s.failed,
    failedFen: Number(s.failed_fen),
    open: s.open,
    openFen: Number(s.open_fen),
    quarantined,
    reconciled: s.open === 0,
    createdAt: b.created_at,
    settlement: await settlementOf(q, Number(b.id)),
  };
}

export async function getBatch(db: Db, p: Principal, id: number): Promise<BatchOut> {
  return batchSummary(db, p, id);
}

export async function listBatches(db: Db, p: Principal): Promise<BatchOut[]> {
  const { rows } = await db.query(`SELECT id FROM withholding_batches WHERE org_path LIKE $1 || '%' ORDER BY id DESC LIMIT 50`, [p.orgPath]);
  return Promise.all(rows.map((r) => batchSummary(db, p, Number(r.id))));
}

/** The debit file of a batch in its bank's layout. */
export async function batchFile(db: Db, p: Principal, id: number): Promise<{ file: Buffer; name: string }> {
  const b = await batchSummary(db, p, id);
  const layout = await layoutOf(db, b.bankCode);
  const { rows } = await db.query('SELECT seq, account_no, bank_account_no, holder_name, amount_fen FROM withholding_lines WHERE batch_id = $1 ORDER BY seq', [
    id,
  ]);
  const file = formatFile(
    layout,
    layout.debitFields,
    rows.map((r) => ({
      batchNo: b.batchNo,
      seq: String(r.seq),
      accountNo: r.account_no,
      bankAccountNo: r.bank_account_no,
      holder: r.holder_name,
      amountFen: String(r.amount_fen),
    })),
  );
  return { file, name: `${b.batchNo}-${b.bankCode}.${layout.format === 'csv' ? 'csv' : 'txt'}` };
}

/** chunks of a large import between two ANALYZEs of the tables it grows (see importResults) */
const ANALYZE_EVERY_CHUNKS = 25;
/**
 * Lines of a result file paid per transaction. Larger chunks make fewer round trips and commits per
 * line (docs/payments.md, Benchmark); each chunk holds one advisory lock per account until it commits,
 * and those share the server's lock table (max_locks_per_transaction × connections: 6,400 slots with
 * PostgreSQL's defaults), so a chunk stays well below that.
 */
export const IMPORT_CHUNK_LINES = 2000;

type Quarantine = { lineNo: number; raw: string; reason: QuarantineOut['reason']; detail: string; batchNo?: string };

/** A bank's result file: applied line by line, or quarantined with reasons. */
export async function importResults(
  db: Db,
  p: Principal,
  body: { bankCode: string; fileName: string; content: Buffer },
  chunk = IMPORT_CHUNK_LINES,
): Promise<ImportOut> {
  const layout = await layoutOf(db, body.bankCode);
  const checksum = createHash('sha256').update(body.content).digest('hex');
  const importId = await withTx(db, async (tx) => {
    const before = (await tx.query(`SELECT id FROM withholding_imports WHERE checksum = $1 AND status = 'applied'`, [checksum])).rows[0];
    const { rows } = await tx.query(
      `INSERT INTO withholding_imports (bank_code, file_name, checksum, status, reason, org_path, imported_by) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [body.bankCode, body.fileName, checksum, before ? 'quarantined' : 'applying', before ? `duplicate_file: import ${before.id}` : null, p.orgPath, p.id],
    );
    const id = Number(rows[0].id);
    if (before)
      await tx.query(`INSERT INTO withholding_quarantine (import_id, line_no, raw, reason, detail, org_path) VALUES ($1, 0, $2, 'duplicate_file', $3, $4)`, [
        id,
        body.fileName,
        `the same file was applied as import ${before.id}`,
        p.orgPath,
      ]);
    await recordAudit(tx, actorOf(p), {
      action: 'withholding.import',
      entity: 'withholding_import',
      entityId: id,
      orgUnitId: p.orgUnitId,
      after: { fileName: body.fileName, bankCode: body.bankCode, checksum, duplicateOf: before ? Number(before.id) : null },
    });
    return before ? -id : id;
  });
  if (importId < 0) return importSummary(db, p, -importId);

  const parsed = parseFile(layout, layout.resultFields, body.content);
  const quarantine: Quarantine[] = parsed.problems.map((x: LineProblem) => ({ lineNo: x.lineNo, raw: x.raw, reason: 'bad_line', detail: x.detail }));
  // match every line to the batch line it answers
  const keys = parsed.lines.map((l) => ({ batchNo: l.values.batchNo, seq: Number(l.values.seq) }));
  const sent = (
    await db.query(
      `SELECT b.batch_no, b.bank_code, l.seq, l.account_id, l.account_no, l.amount_fen, l.status, l.import_id, l.batch_id
         FROM unnest($1::text[], $2::int[]) AS k(batch_no, seq)
         JOIN withholding_batches b ON b.batch_no = k.batch_no AND b.org_path LIKE $3 || '%'
         JOIN withholding_lines l ON l.batch_id = b.id AND l.seq = k.seq`,
      [keys.map((k) => k.batchNo), keys.map((k) => (Number.isSafeInteger(k.seq) ? k.seq : -1)), p.orgPath],
    )
  ).rows;
  const sentBy = new Map(sent.map((r) => [`${r.batch_no}|${r.seq}`, r]));
  const toPay: { line: (typeof parsed.lines)[number]; row: Record<string, any> }[] = [];
  const toFail: { line: (typeof parsed.lines)[number]; row: Record<string, any> }[] = [];
  const seenInFile = new Set<string>();
  for (const line of parsed.lines) {
    const v = line.values;
    const key = `${v.batchNo}|${Number(v.seq)}`;
    const row = sentBy.get(key);
    const amount = fenField(v.amountFen);
    if (!row || row.bank_code !== layout.bankCode || row.account_no !== v.accountNo) {
      quarantine.push({
        lineNo: line.lineNo,
        raw: line.raw,
        batchNo: v.batchNo,
        reason: 'unknown_account',
        detail: row ? `batch line ${key} is account ${row.account_no}, the file says ${v.accountNo}` : `no batch line ${key} for account ${v.accountNo}`,
      });
      continue;
    }
    if (amount === null || amount !== Number(row.amount_fen)) {
      quarantine.push({
        lineNo: line.lineNo,
        raw: line.raw,
        batchNo: v.batchNo,
        reason: 'amount_mismatch',
        detail: `sent ${row.amount_fen} fen, the file says ${v.amountFen}`,
      });
      continue;
    }
    if (seenInFile.has(key) || row.status !== 'sent') {
      quarantine.push({
        lineNo: line.lineNo,
        raw: line.raw,
        batchNo: v.batchNo,
        reason: 'already_settled',
        detail: `batch line ${key} is ${seenInFile.has(key) ? 'repeated in this file' : row.status}`,
      });
      continue;
    }
    seenInFile.add(key);
    (v.result === layout.successCode ? toPay : toFail).push({ line, row });
  }
  let paid = 0,
    paidFen = 0;
  // Planner statistics: a batch exported just before its result file (hundreds of thousands of lines
  // written since the last analyze) otherwise plans each chunk's update of its lines as a hash join over the
  // whole table — 0.67 s a chunk at 200,000 lines instead of 15 ms — and the payments tables grow under the
  // import. So the import analyzes the tables it matches against and grows, before and every few chunks.
  const analyze = () => db.query('ANALYZE withholding_lines, payments, payment_allocations');
  if (toPay.length + toFail.length > chunk) await analyze();
  for (let i = 0; i < toPay.length; i += chunk) {
    const part = toPay.slice(i, i + chunk);
    if (i > 0 && (i / chunk) % ANALYZE_EVERY_CHUNKS === 0) await analyze();
    await withTx(db, async (tx) => {
      const inputs: PaymentIn[] = part.map(({ row }) => ({
        accountId: Number(row.account_id),
        amountFen: Number(row.amount_fen),
        channel: 'bank',
        method: 'withholding',
        reference: `${layout.bankCode}:${row.batch_no}:${row.seq}`,
        confirmOverpay: true,
      }));
      const chunkNo = i / chunk + 1;
      const { ids: pays, taken } = await takePaymentIdsIn(tx, p, inputs, {
        sourcePrefix: `bankfile:${importId}:${chunkNo}`,
        memo: `代扣回盘 / bank result, import ${importId} chunk ${chunkNo}`,
      });
      // one audit row for the chunk, naming its lines and the payments they became
      await recordAudit(tx, actorOf(p), {
        action: 'withholding.apply',
        entity: 'withholding_import',
        entityId: importId,
        orgUnitId: p.orgUnitId,
        after: {
          fileName: body.fileName,
          chunk: chunkNo,
          fileLines: part.map((x) => x.line.lineNo),
          batchLines: part.map((x) => `${x.row.batch_no}:${x.row.seq}`),
          paymentIds: pays,
          newPayments: taken.length,
          amountFen: taken.reduce((s, x) => s + x.amountFen, 0),
          principalFen: taken.reduce((s, x) => s + x.principalFen, 0),
          lateFeeFen: taken.reduce((s, x) => s + x.lateFeeFen, 0),
          creditFen: taken.reduce((s, x) => s + x.creditFen, 0),
          feeChargedFen: taken.reduce((s, x) => s + x.feeChargedFen, 0),
          ledgerSources: [...new Set(taken.map((x) => x.ledgerSource).filter((x) => x !== null))],
        },
      });
      await tx.query(
        `UPDATE withholding_lines l SET status = 'paid', payment_id = t.pid, import_id = $1, bank_ref = t.ref
           FROM unnest($2::bigint[], $3::int[], $4::bigint[], $5::text[]) AS t(bid, seq, pid, ref) WHERE l.batch_id = t.bid AND l.seq = t.seq`,
        [
          importId,
          idArray(part.map((x) => Number(x.row.batch_id))),
          idArray(part.map((x) => Number(x.row.seq))),
          idArray(pays),
          part.map((x) => x.line.values.bankRef ?? null),
        ],
      );
    });
    paid += part.length;
    paidFen += part.reduce((s, x) => s + Number(x.row.amount_fen), 0);
  }
  await withTx(db, async (tx) => {
    if (toFail.length)
      await tx.query(
        `UPDATE withholding_lines l SET status = 'failed', import_id = $1, bank_ref = t.ref, message = t.msg
           FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[]) AS t(bid, seq, ref, msg) WHERE l.batch_id = t.bid AND l.seq = t.seq`,
        [
          importId,
          toFail.map((x) => Number(x.row.batch_id)),
          toFail.map((x) => x.row.seq),
          toFail.map((x) => x.line.values.bankRef ?? null),
          toFail.map((x) => `${x.line.values.result} ${x.line.values.message ?? ''}`.trim()),
        ],
      );
    if (quarantine.length)
      await tx.query(
        `INSERT INTO withholding_quarantine (import_id, line_no, raw, reason, detail, org_path, batch_no)
         SELECT $1, n, r, why, d, $6, b FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $7::text[]) AS t(n, r, why, d, b)`,
        [
          importId,
          quarantine.map((x) => x.lineNo),
          quarantine.map((x) => x.raw),
          quarantine.map((x) => x.reason),
          quarantine.map((x) => x.detail),
          p.orgPath,
          quarantine.map((x) => x.batchNo ?? null),
        ],
      );
    await tx.query(`UPDATE withholding_imports SET status = 'applied', lines = $2, paid = $3, paid_fen = $4, failed = $5, quarantined = $6 WHERE id = $1`, [
      importId,
      parsed.lines.length + parsed.problems.length,
      paid,
      paidFen,
      toFail.length,
      quarantine.length,
    ]);
  });
  return importSummary(db, p, importId);
}

async function importSummary(db: Db, p: Principal, id: number): Promise<ImportOut> {
  const r = (await db.query(`SELECT * FROM withholding_imports WHERE id = $1 AND org_path LIKE $2 || '%'`, [id, p.orgPath])).rows[0];
  if (!r) throw notFound('Withholding import', '代扣回盘');
  return {
    id: Number(r.id),
    bankCode: r.bank_code,
    fileName: r.file_name,
    status: r.status,
    reason: r.reason,
    lines: r.lines,
    paid: r.paid,
    paidFen: Number(r.paid_fen),
    failed: r.failed,
    quarantined: r.quarantined,
    quarantine: await listQuarantine(db, p, id),
  };
}

export async function listQuarantine(db: Db, p: Principal, importId?: number): Promise<QuarantineOut[]> {
  const { rows } = await db.query(
    `SELECT * FROM withholding_quarantine WHERE org_path LIKE $1 || '%' AND ($2::bigint IS NULL OR import_id = $2) ORDER BY id DESC LIMIT 500`,
    [p.orgPath, importId ?? null],
  );
  return rows.map((r) => ({ id: Number(r.id), importId: Number(r.import_id), lineNo: r.line_no, raw: r.raw, reason: r.reason, detail: r.detail }));
}

/** The import route's body: the file as base64 (GBK bytes do not travel as JSON text). */
export async function importResultsUpload(db: Db, p: Principal, body: { bankCode: string; fileName: string; contentBase64: string }): Promise<ImportOut> {
  const content = Buffer.from(body.contentBase64, 'base64');
  if (!content.length) throw badField('contentBase64', 'empty', '文件为空', 'the file is empty');
  return importResults(db, p, { bankCode: body.bankCode, fileName: body.fileName, content });
}
