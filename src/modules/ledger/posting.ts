/**
 * Posting (docs/ledger.md, "The posting contract"): money events from billing and payments, manual
 * entries, reversals. Every entry is traceable to one source (type + id, unique: a replay answers
 * the entry already posted), balanced, at least two lines, into an open period of a unit that keeps
 * books, and immutable once posted (database triggers, migrations/600_ledger.sql).
 */
import { Value } from 'typebox/value';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, DomainError, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { checkBalanced, linesForEvent, periodOf, type DraftLine } from './rules.js';
import { MoneyEventSchema, type ManualEntry, type MoneyEvent, type PostResult, type Reverse } from './schemas.js';
import { postingRules, unitById, visibleUnit } from './store.js';

interface EntryDraft {
  orgUnitId: number;
  date: string;
  sourceType: string;
  sourceId: string;
  payload: unknown;
  memo: string | null;
  reversesEntryId: number | null;
  postedBy: number | null;
  lines: DraftLine[];
}

/** Locks the unit's period for posting (shared lock: closing waits for postings in flight) and refuses a closed one. */
async function requireOpenPeriod(tx: Queryable, orgUnitId: number, period: number, entryName: string): Promise<void> {
  await tx.query('INSERT INTO ledger_periods (org_unit_id, period) VALUES ($1, $2) ON CONFLICT DO NOTHING', [orgUnitId, period]);
  const { rows } = await tx.query('SELECT status FROM ledger_periods WHERE org_unit_id = $1 AND period = $2 FOR SHARE', [orgUnitId, period]);
  if (rows[0].status === 'closed') {
    throw conflict(`会计期间 ${period} 已结账，凭证 ${entryName} 不能记入`, `period ${period} is closed: entry ${entryName} cannot be posted into it`, { period }, 'PERIOD_CLOSED', [{ field: 'date', rule: 'period_open', message: `期间 ${period} 已结账`, messageEn: `period ${period} is closed` }]);
  }
}

async function existing(tx: Queryable, sourceType: string, sourceId: string): Promise<{ id: number; payload: unknown } | null> {
  const { rows } = await tx.query('SELECT id, source_payload FROM ledger_entries WHERE source_type = $1 AND source_id = $2', [sourceType, sourceId]);
  return rows[0] ? { id: Number(rows[0].id), payload: rows[0].source_payload } : null;
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function sameReplay(entryName: string, before: unknown, now: unknown): void {
  if (canonical(before) !== canonical(now)) {
    throw conflict(`事件 ${entryName} 已记账，且内容不同`, `event ${entryName} was posted before with different content`, {}, 'EVENT_ALREADY_POSTED');
  }
}

/** Inserts one entry and all its lines (one statement, as the balance trigger requires). Returns the id, or null when the source was posted meanwhile. */
async function insertEntry(tx: Queryable, e: EntryDraft): Promise<number | null> {
  const entryName = `${e.sourceType}:${e.sourceId}`;
  checkBalanced(entryName, e.lines);
  const unit = await unitById(tx, e.orgUnitId);
  if (!unit) throw badField('orgUnitId', 'ledger_unit', `单位 ${e.orgUnitId} 不是核算单位（未建账）`, `org unit ${e.orgUnitId} keeps no books (not a ledger unit)`);
  const period = periodOf(e.date);
  await requireOpenPeriod(tx, e.orgUnitId, period, entryName);
  const codes = [...new Set(e.lines.map((l) => l.accountCode))];
  const { rows: accts } = await tx.query('SELECT id, code FROM ledger_accounts WHERE code = ANY($1) AND (org_unit_id IS NULL OR org_unit_id = $2)', [codes, e.orgUnitId]);
  const idOf = new Map(accts.map((a) => [a.code as string, a.id as number]));
  const missing = e.lines.findIndex((l) => !idOf.has(l.accountCode));
  if (missing >= 0) throw badField(`lines.${missing}.accountCode`, 'account', `凭证 ${entryName}：科目 ${e.lines[missing].accountCode} 不存在`, `entry ${entryName}: account ${e.lines[missing].accountCode} does not exist`);
  const counters = [...new Set(e.lines.map((l) => l.counterOrgUnitId).filter((x): x is number => x !== null))];
  for (const c of counters) {
    if (c === e.orgUnitId) throw badField('counterOrgUnitId', 'other_unit', '往来单位不能是本单位', 'the counter-unit must be another unit');
    if (!(await unitById(tx, c))) throw badField('counterOrgUnitId', 'ledger_unit', `往来单位 ${c} 不是核算单位`, `counter-unit ${c} keeps no books`);
  }
  const { rows } = await tx.query(
    `INSERT INTO ledger_entries (org_unit_id, entry_date, period, source_type, source_id, source_payload, memo, reverses_entry_id, posted_by, line_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (source_type, source_id) DO NOTHING RETURNING id`,
    [e.orgUnitId, e.date, period, e.sourceType, e.sourceId, JSON.stringify(e.payload), e.memo, e.reversesEntryId, e.postedBy, e.lines.length],
  );
  if (!rows[0]) return null;
  const id = Number(rows[0].id);
  await tx.query(
    `INSERT INTO ledger_lines (entry_id, line_no, org_unit_id, period, entry_date, account_id, debit_fen, credit_fen, counter_org_unit_id, memo)
     SELECT $1::bigint, n::int, $2::bigint, $3::int, $4::date, a, d, c, cu, m FROM unnest($5::int[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[]) WITH ORDINALITY AS t(a, d, c, cu, m, n)`,
    [id, e.orgUnitId, period, e.date, e.lines.map((l) => idOf.get(l.accountCode)), e.lines.map((l) => l.debitFen), e.lines.map((l) => l.creditFen), e.lines.map((l) => l.counterOrgUnitId), e.lines.map((l) => l.memo)],
  );
  return id;
}

/**
 * THE POSTING CONTRACT for billing, payments and collection: call inside your own transaction, with
 * the event your module has just recorded. The entry is generated by the posting rules (data in
 * ledger_posting_rules), never written by hand; it commits or rolls back with your transaction.
 *
 * - Idempotent: the event's (type, id) posts once. Posting it again answers `{ entryId, replayed: true }`;
 *   the same (type, id) with other content is refused (conflict EVENT_ALREADY_POSTED).
 * - Refused (DomainError, your transaction should roll back): an invalid event, no rule for the type
 *   or customer class, an amount with no rule, an entry that would not balance (named `type:id`),
 *   a unit that keeps no books, a closed period (conflict PERIOD_CLOSED).
 * - The accounting date is `event.date`: its month is the period.
 */
export async function postMoneyEvent(tx: Queryable, event: MoneyEvent, postedBy: number | null = null): Promise<PostResult> {
  if (!Value.Check(MoneyEventSchema, event)) {
    const first = [...Value.Errors(MoneyEventSchema, event)][0];
    const path = String((first as { instancePath?: string; path?: string })?.instancePath ?? (first as { path?: string })?.path ?? '').replace(/^\//, '').replaceAll('/', '.') || 'event';
    throw badField(path, 'schema', `记账事件不合规：${first?.message ?? ''}`, `invalid money event: ${first?.message ?? ''}`);
  }
  const name = `${event.type}:${event.id}`;
  const before = await existing(tx, event.type, event.id);
  if (before) {
    sameReplay(name, before.payload, event);
    return { entryId: before.id, replayed: true };
  }
  const lines = linesForEvent(event, await postingRules(tx));
  const id = await insertEntry(tx, { orgUnitId: event.orgUnitId, date: event.date, sourceType: event.type, sourceId: event.id, payload: event, memo: event.memo ?? null, reversesEntryId: null, postedBy, lines });
  if (id === null) {
    const again = (await existing(tx, event.type, event.id))!;
    sameReplay(name, again.payload, event);
    return { entryId: again.id, replayed: true };
  }
  return { entryId: id, replayed: false };
}

/** A manual entry (手工凭证) by a user with ledger.write: balanced, into an open period of a unit in scope; audited. */
export async function postManualEntry(db: Db, p: Principal, body: ManualEntry): Promise<PostResult> {
  await visibleUnit(db, p, body.orgUnitId);
  const key = body.key ?? `${p.id}:${Date.now()}:${Math.random().toString(36).slice(2, 10)}`;
  const lines: DraftLine[] = body.lines.map((l) => ({ accountCode: l.accountCode, debitFen: l.debitFen ?? 0, creditFen: l.creditFen ?? 0, counterOrgUnitId: l.counterOrgUnitId ?? null, memo: l.memo ?? null }));
  return withTx(db, async (tx) => {
    const before = await existing(tx, 'manual', key);
    if (before) {
      sameReplay(`manual:${key}`, before.payload, body);
      return { entryId: before.id, replayed: true };
    }
    const id = await insertEntry(tx, { orgUnitId: body.orgUnitId, date: body.date, sourceType: 'manual', sourceId: key, payload: body, memo: body.memo, reversesEntryId: null, postedBy: p.id, lines });
    if (id === null) throw conflict('同一凭证正在记账', 'the same entry is being posted', {}, 'EVENT_ALREADY_POSTED');
    await recordAudit(tx, actorOf(p), { action: 'ledger.entry_post', entity: 'ledger_entry', entityId: id, orgUnitId: body.orgUnitId, after: { ...body, key } });
    return { entryId: id, replayed: false };
  });
}

/** Today in Beijing time (YYYY-MM-DD). */
export const todayBeijing = (now = Date.now()): string => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Reverses a posted entry (红字冲销): a new entry with every line's sides swapped, dated on the
 * reversal date (default today, Beijing time; never before the original), in that date's period,
 * which must be open. An entry is reversed at most once; a reversal is not itself reversed.
 */
async function reverseIn(tx: Queryable, entryId: number, date: string, memo: string | null, postedBy: number | null): Promise<PostResult> {
  const { rows } = await tx.query('SELECT *, entry_date::text AS entry_day FROM ledger_entries WHERE id = $1', [entryId]);
  const orig = rows[0];
  if (!orig) throw notFound('Ledger entry', '凭证');
  if (orig.reverses_entry_id !== null) throw conflict('冲销凭证不能再冲销', 'a reversal entry cannot itself be reversed', {}, 'IS_REVERSAL');
  const origDate: string = orig.entry_day;
  if (date < origDate) throw badField('date', 'after_original', `冲销日期不能早于原凭证日期 ${origDate}`, `the reversal date cannot precede the original's date ${origDate}`);
  const before = await existing(tx, 'reversal', String(entryId));
  if (before) throw conflict(`凭证 ${entryId} 已被冲销（冲销凭证 ${before.id}）`, `entry ${entryId} was already reversed by entry ${before.id}`, { reversedByEntryId: before.id }, 'ALREADY_REVERSED');
  const { rows: lines } = await tx.query('SELECT l.*, a.code FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE l.entry_id = $1 ORDER BY l.line_no', [entryId]);
  const id = await insertEntry(tx, {
    orgUnitId: Number(orig.org_unit_id), date, sourceType: 'reversal', sourceId: String(entryId), payload: { reverses: entryId, date }, memo: memo ?? `冲销凭证 ${entryId} / reversal of entry ${entryId}`, reversesEntryId: entryId, postedBy,
    lines: lines.map((l) => ({ accountCode: l.code, debitFen: Number(l.credit_fen), creditFen: Number(l.debit_fen), counterOrgUnitId: l.counter_org_unit_id === null ? null : Number(l.counter_org_unit_id), memo: l.memo })),
  });
  if (id === null) throw conflict(`凭证 ${entryId} 已被冲销`, `entry ${entryId} was already reversed`, {}, 'ALREADY_REVERSED');
  return { entryId: id, replayed: false };
}

export async function reverseEntry(db: Db, p: Principal, entryId: number, body: Reverse): Promise<PostResult> {
  const { rows } = await db.query('SELECT org_unit_id FROM ledger_entries WHERE id = $1', [entryId]);
  if (!rows[0]) throw notFound('Ledger entry', '凭证');
  await visibleUnit(db, p, Number(rows[0].org_unit_id)).catch(() => {
    throw notFound('Ledger entry', '凭证');
  });
  return withTx(db, async (tx) => {
    const r = await reverseIn(tx, entryId, body.date ?? todayBeijing(), body.memo ?? null, p.id);
    await recordAudit(tx, actorOf(p), { action: 'ledger.entry_reverse', entity: 'ledger_entry', entityId: r.entryId, orgUnitId: Number(rows[0].org_unit_id), after: { reverses: entryId, date: body.date ?? null } });
    return r;
  });
}

/** For billing and payments: reverse the entry a money event posted (e.g. a bill cancelled), inside the caller's transaction. */
export async function reverseMoneyEvent(tx: Queryable, source: { type: MoneyEvent['type']; id: string }, date: string, postedBy: number | null = null): Promise<PostResult> {
  const e = await existing(tx, source.type, source.id);
  if (!e) throw new DomainError('not_found', 'NOT_FOUND', `事件 ${source.type}:${source.id} 未记账`, `event ${source.type}:${source.id} was not posted`);
  return reverseIn(tx, e.id, date, null, postedBy);
}
