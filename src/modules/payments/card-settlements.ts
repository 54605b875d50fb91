/**
 * The card acquirer's settlement file (银行卡收单结算), docs/payments.md "Card acquirer settlement".
 *
 * Import (payments.collect, or `griddesk payments import-card-settlement FILE`): the file is read in the acquirer's
 * layout (data in `card_acquirer_layouts`, read by the bank files' parser), each line matched to a counter card
 * taking by its reference (card-settlement-rules.ts), and in one transaction:
 * - the same content (SHA-256) imported before answers that import (`replayed`), writing nothing;
 * - every line is stored with its outcome; lines that match nothing, differ in amount, name a reversed taking or
 *   one settled already, or do not fit, are quarantined with the reason;
 * - the settled lines post `card_settlement { bank, fee, gross }` per ledger unit and settle day
 *   (`cardsettle:<import>:<unit>:<day>`): Dr 100201 bank + Dr 660302 card acquiring fees / Cr 101202;
 * - audited `card_settlement.import`.
 * A taking is settled once (a unique index on the settled lines' payment): another file carrying it again is
 * quarantined `already_settled`. A settled taking cannot be reversed (approvals.ts, 409 CARD_SETTLED).
 */
import { createHash } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { postMoneyEvents, todayBeijing, type MoneyEvent } from '../ledger/index.js';
import { parseFile, type BankLayout, type LayoutField } from './bank-file-rules.js';
import { cardPostings, matchCardLines, type CardTaking } from './card-settlement-rules.js';
import type { CardSettlementLineOut, CardSettlementOut } from './schemas.js';

interface AcquirerLayout {
  acquirerCode: string;
  layout: BankLayout;
  fields: LayoutField[];
}

async function acquirerLayout(q: Queryable, code: string): Promise<AcquirerLayout> {
  const r = (await q.query('SELECT * FROM card_acquirer_layouts WHERE acquirer_code = $1', [code])).rows[0];
  if (!r) throw badField('acquirerCode', 'unknown', `没有收单机构 ${code} 的文件版式`, `no settlement file layout for acquirer ${code}`);
  const fields = r.fields as LayoutField[];
  return {
    acquirerCode: r.acquirer_code,
    fields,
    layout: {
      bankCode: r.acquirer_code,
      format: r.format,
      encoding: r.encoding,
      delimiter: r.delimiter,
      header: r.header,
      debitFields: [],
      resultFields: fields,
      successCode: '',
    },
  };
}

export async function listAcquirers(
  db: Db,
): Promise<{ acquirerCode: string; name: string; format: string; encoding: string; fields: string[]; source: string }[]> {
  const { rows } = await db.query('SELECT * FROM card_acquirer_layouts ORDER BY acquirer_code');
  return rows.map((r) => ({
    acquirerCode: r.acquirer_code,
    name: r.name,
    format: r.format,
    encoding: r.encoding,
    fields: (r.fields as LayoutField[]).map((f) => f.name),
    source: r.source,
  }));
}

const toImport = (r: Record<string, any>, replayed = false): CardSettlementOut => ({
  id: Number(r.id),
  acquirerCode: r.acquirer_code,
  fileName: r.file_name,
  lines: r.lines,
  settled: r.settled,
  grossFen: Number(r.gross_fen),
  feeFen: Number(r.fee_fen),
  netFen: Number(r.net_fen),
  quarantined: r.quarantined,
  ledgerSources: Object.keys(r.postings as Record<string, unknown>).map((k) => `cardsettle:${r.id}:${k}`),
  unpostedFen: Number(r.unposted_fen),
  importedAt: r.imported_at,
  replayed,
});

const toLine = (r: Record<string, any>): CardSettlementLineOut => ({
  id: Number(r.id),
  importId: Number(r.import_id),
  lineNo: r.line_no,
  outcome: r.outcome,
  detail: r.detail,
  settleDate: r.day,
  terminalId: r.terminal_id,
  batchNo: r.batch_no,
  traceNo: r.trace_no,
  reference: r.reference,
  amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
  feeFen: r.fee_fen === null ? null : Number(r.fee_fen),
  paymentId: r.payment_id === null ? null : Number(r.payment_id),
  ledgerSource: r.ledger_source,
  raw: r.raw,
});

/** Import a settlement file (its bytes). `today` (Beijing) bounds the settle days; a parameter for the tests. */
export async function importCardSettlement(
  db: Db,
  p: Principal,
  body: { acquirerCode: string; fileName: string; content: Buffer },
  today = todayBeijing(),
): Promise<CardSettlementOut> {
  if (!body.content.length) throw badField('contentBase64', 'empty', '文件为空', 'the file is empty');
  const acq = await acquirerLayout(db, body.acquirerCode);
  const checksum = createHash('sha256').update(body.content).digest('hex');
  const parsed = parseFile(acq.layout, acq.fields, body.content);
  return withTx(db, async (tx) => {
    // one import at a time: two files carrying the same taking never both settle it
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:card-settlement', 0))`);
    const prior = (await tx.query(`SELECT * FROM card_settlement_imports WHERE checksum = $1`, [checksum])).rows[0];
    if (prior) return toImport(prior, true);
    const refs = [...new Set(parsed.lines.map((l) => l.values.reference).filter(Boolean))];
    const takings = new Map<string, CardTaking>(
      (
        await tx.query(
          `SELECT id, reference, amount_fen, status, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, ledger_unit_id, org_path FROM payments
            WHERE channel = 'counter' AND method = 'card' AND reference = ANY($1::text[]) AND org_path LIKE $2 || '%'`,
          [refs, p.orgPath],
        )
      ).rows.map((r) => [
        r.reference,
        {
          paymentId: Number(r.id),
          reference: r.reference,
          amountFen: Number(r.amount_fen),
          status: r.status,
          paidOn: r.paid_on,
          ledgerUnitId: r.ledger_unit_id === null ? null : Number(r.ledger_unit_id),
          orgPath: r.org_path,
        },
      ]),
    );
    const settledBefore = new Set<number>(
      (
        await tx.query(`SELECT payment_id FROM card_settlement_lines WHERE outcome = 'settled' AND payment_id = ANY($1::bigint[])`, [
          [...takings.values()].map((t) => t.paymentId),
        ])
      ).rows.map((r) => Number(r.payment_id)),
    );
    const results = matchCardLines(parsed.lines, takings, settledBefore, today);
    const { postings, unpostedFen } = cardPostings(results);
    const settled = results.filter((r) => r.outcome === 'settled');
    const gross = settled.reduce((s, r) => s + r.amountFen!, 0);
    const fee = settled.reduce((s, r) => s + r.feeFen!, 0);
    const postingsByKey = Object.fromEntries(postings.map((x) => [`${x.unit}:${x.settleDate}`, { bank: x.bank, fee: x.fee, gross: x.gross }]));
    const imp = (
      await tx.query(
        `INSERT INTO card_settlement_imports (acquirer_code, file_name, checksum, lines, settled, gross_fen, fee_fen, net_fen, quarantined, postings, unposted_fen, org_path, imported_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING *`,
        [
          acq.acquirerCode,
          body.fileName,
          checksum,
          results.length + parsed.problems.length,
          settled.length,
          gross,
          fee,
          gross - fee,
          results.length - settled.length + parsed.problems.length,
          JSON.stringify(postingsByKey),
          unpostedFen,
          p.orgPath,
          p.id || null,
        ],
      )
    ).rows[0];
    const id = Number(imp.id);
    const rows = [
      ...results.map((r) => ({
        line_no: r.lineNo,
        settle_date: r.settleDate,
        terminal_id: r.terminalId,
        batch_no: r.batchNo,
        trace_no: r.traceNo,
        reference: r.reference,
        amount_fen: r.amountFen,
        fee_fen: r.feeFen,
        outcome: r.outcome,
        detail: r.detail,
        payment_id: r.taking?.paymentId ?? null,
        ledger_source: r.outcome === 'settled' && r.taking!.ledgerUnitId !== null ? `cardsettle:${id}:${r.taking!.ledgerUnitId}:${r.settleDate}` : null,
        // a quarantined line that names no taking of ours is the importer's to look at
        org_path: r.taking?.orgPath ?? p.orgPath,
        raw: r.raw,
      })),
      ...parsed.problems.map((x) => ({ line_no: x.lineNo, outcome: 'bad_line', detail: x.detail, org_path: p.orgPath, raw: x.raw })),
    ];
    await tx.query(
      `INSERT INTO card_settlement_lines (import_id, line_no, settle_date, terminal_id, batch_no, trace_no, reference, amount_fen, fee_fen, outcome, detail, payment_id, ledger_source, org_path, raw)
       SELECT $1, x.line_no, x.settle_date, x.terminal_id, x.batch_no, x.trace_no, x.reference, x.amount_fen, x.fee_fen, x.outcome, x.detail, x.payment_id, x.ledger_source, x.org_path, x.raw
         FROM jsonb_to_recordset($2::jsonb) AS x(line_no int, settle_date date, terminal_id text, batch_no text, trace_no text, reference text, amount_fen bigint,
              fee_fen bigint, outcome text, detail text, payment_id bigint, ledger_source text, org_path text, raw text)`,
      [id, JSON.stringify(rows)],
    );
    const events: MoneyEvent[] = postings.map((x) => ({
      type: 'card_settlement',
      id: `cardsettle:${id}:${x.unit}:${x.settleDate}`,
      orgUnitId: x.unit,
      date: x.settleDate,
      amounts: { bank: x.bank, fee: x.fee, gross: x.gross },
      memo: `银行卡收单结算 / card settlement ${acq.acquirerCode} ${x.settleDate} (${body.fileName})`.slice(0, 200),
    }));
    if (events.length) await postMoneyEvents(tx, events, p.id || null);
    const out = toImport(imp);
    await recordAudit(tx, actorOf(p), {
      action: 'card_settlement.import',
      entity: 'card_settlement_import',
      entityId: id,
      orgUnitId: p.orgUnitId || null,
      after: {
        ...out,
        checksum,
        postings: postingsByKey,
        settledPayments: settled.map((r) => r.taking!.paymentId),
        quarantine: [
          ...results.filter((r) => r.outcome !== 'settled').map((r) => ({ lineNo: r.lineNo, outcome: r.outcome })),
          ...parsed.problems.map((x) => ({ lineNo: x.lineNo, outcome: 'bad_line' })),
        ],
      },
    });
    return out;
  });
}

export async function importCardSettlementUpload(
  db: Db,
  p: Principal,
  body: { acquirerCode: string; fileName: string; contentBase64: string },
): Promise<CardSettlementOut> {
  return importCardSettlement(db, p, { acquirerCode: body.acquirerCode, fileName: body.fileName, content: Buffer.from(body.contentBase64, 'base64') });
}

/** The imports in the caller's scope, newest first. */
export async function listCardSettlements(db: Db, p: Principal): Promise<CardSettlementOut[]> {
  const { rows } = await db.query(`SELECT * FROM card_settlement_imports WHERE org_path LIKE $1 || '%' ORDER BY id DESC LIMIT 100`, [p.orgPath]);
  return rows.map((r) => toImport(r));
}

/** Lines in the caller's scope: the quarantined ones (of every import, or of one), or all lines of one import. */
export async function cardSettlementLines(db: Db, p: Principal, q: { importId?: number; all?: boolean }): Promise<CardSettlementLineOut[]> {
  const { rows } = await db.query(
    `SELECT *, to_char(settle_date, 'YYYY-MM-DD') AS day FROM card_settlement_lines
      WHERE org_path LIKE $1 || '%' AND ($2::bigint IS NULL OR import_id = $2) AND ($3::boolean OR outcome <> 'settled')
      ORDER BY import_id DESC, line_no LIMIT 1000`,
    [p.orgPath, q.importId ?? null, q.all ?? false],
  );
  return rows.map(toLine);
}

/** The settlement line of a card taking, if the acquirer settled it (a settled taking is not reversed). */
export async function cardSettlementOf(q: Queryable, paymentId: number): Promise<number | null> {
  const r = (await q.query(`SELECT import_id FROM card_settlement_lines WHERE payment_id = $1 AND outcome = 'settled'`, [paymentId])).rows[0];
  return r ? Number(r.import_id) : null;
}
