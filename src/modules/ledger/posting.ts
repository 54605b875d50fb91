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
import { postingRules, visibleUnit } from './store.js';

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

/** Locks the units' periods for posting (shared locks: closing waits for postings in flight) and refuses a closed one, naming the first entry into it. */
async function requireOpenPeriods(tx: Queryable, wanted: { orgUnitId: number; period: number; entryName: string }[]): Promise<void> {
  const keys = [...new Map(wanted.map((w) => [`${w.orgUnitId}:${w.period}`, w])).values()].sort((a, b) => a.orgUnitId - b.orgUnitId || a.period - b.period);
  const units = keys.map((k) => k.orgUnitId),
    periods = keys.map((k) => k.period);
  await tx.query('INSERT INTO ledger_periods (org_unit_id, period) SELECT * FROM unnest($1::bigint[], $2::int[]) ON CONFLICT DO NOTHING', [units, periods]);
  const { rows } = await tx.query(
    `SELECT p.org_unit_id, p.period, p.status FROM ledger_periods p JOIN unnest($1::bigint[], $2::int[]) AS w(u, pe) ON p.org_unit_id = w.u AND p.period = w.pe
      ORDER BY p.org_unit_id, p.period FOR SHARE OF p`,
    [units, periods],
  );
  const closed = rows.find((r) => r.status === 'closed');
  if (closed) {
    const w = keys.find((k) => k.orgUnitId === Number(closed.org_unit_id) && k.period === closed.period)!;
    throw conflict(
      `会计期间 ${w.period} 已结账，凭证 ${w.entryName} 不能记入`,
      `period ${w.period} is closed: entry ${w.entryName} cannot be posted into it`,
      { period: w.period },
      'PERIOD_CLOSED',
      [{ field: 'date', rule: 'period_open', message: `期间 ${w.period} 已结账`, messageEn: `period ${w.period} is closed` }],
    );
  }
}

/** Entries already posted for these sources, by `type:id`. */
async function existingMany(tx: Queryable, sources: { type: string; id: string }[]): Promise<Map<string, { id: number; payload: unknown }>> {
  if (!sources.length) return new Map();
  const { rows } = await tx.query(
    `SELECT e.id, e.source_type, e.source_id, e.source_payload FROM ledger_entries e JOIN unnest($1::text[], $2::text[]) AS s(t, i) ON e.source_type = s.t AND e.source_id = s.i`,
    [sources.map((x) => x.type), sources.map((x) => x.id)],
  );
  return new Map(rows.map((r) => [`${r.source_type}:${r.source_id}`, { id: Number(r.id), payload: r.source_payload }]));
}

async function existing(tx: Queryable, sourceType: string, sourceId: string): Promise<{ id: number; payload: unknown } | null> {
  return (await existingMany(tx, [{ type: sourceType, id: sourceId }])).get(`${sourceType}:${sourceId}`) ?? null;
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function sameReplay(entryName: string, before: unknown, now: unknown): void {
  if (canonical(before) !== canonical(now)) {
    throw conflict(`事件 ${entryName} 已记账，且内容不同`, `event ${entryName} was posted before with different content`, {}, 'EVENT_ALREADY_POSTED');
  }
}

/**
 * Inserts entries and all their lines: every entry checked (balanced, its unit keeps books, its
 * accounts exist for that unit, counter-units keep books, its period open), then one INSERT for the
 * entries and one for all their lines (the balance trigger checks each entry whole). Returns each
 * draft's id in order, or null where the source was posted meanwhile by another transaction.
 */
async function insertEntries(tx: Queryable, drafts: EntryDraft[]): Promise<(number | null)[]> {
  if (!drafts.length) return [];
  const name = (e: EntryDraft) => `${e.sourceType}:${e.sourceId}`;
  for (const e of drafts) checkBalanced(name(e), e.lines);
  const unitIds = [...new Set(drafts.flatMap((e) => [e.orgUnitId, ...e.lines.map((l) => l.counterOrgUnitId).filter((x): x is number => x !== null)]))];
  const { rows: units } = await tx.query('SELECT org_unit_id FROM ledger_units WHERE org_unit_id = ANY($1::bigint[])', [unitIds]);
  const keepsBooks = new Set(units.map((u) => Number(u.org_unit_id)));
  for (const e of drafts) {
    if (!keepsBooks.has(e.orgUnitId))
      throw badField(
        'orgUnitId',
        'ledger_unit',
        `凭证 ${name(e)}：单位 ${e.orgUnitId} 不是核算单位（未建账）`,
        `entry ${name(e)}: org unit ${e.orgUnitId} keeps no books (not a ledger unit)`,
      );
    for (const l of e.lines) {
      if (l.counterOrgUnitId === null) continue;
      if (l.counterOrgUnitId === e.orgUnitId) throw badField('counterOrgUnitId', 'other_unit', '往来单位不能是本单位', 'the counter-unit must be another unit');
      if (!keepsBooks.has(l.counterOrgUnitId))
        throw badField('counterOrgUnitId', 'ledger_unit', `往来单位 ${l.counterOrgUnitId} 不是核算单位`, `counter-unit ${l.counterOrgUnitId} keeps no books`);
    }
  }
  const codes = [...new Set(drafts.flatMap((e) => e.lines.map((l) => l.accountCode)))];
  const { rows: accts } = await tx.query(
    'SELECT id, code, org_unit_id FROM ledger_accounts WHERE code = ANY($1) AND (org_unit_id IS NULL OR org_unit_id = ANY($2::bigint[]))',
    [codes, unitIds],
  );
  const accountId = (code: string, unit: number): number | undefined =>
    accts.find((a) => a.code === code && (a.org_unit_id === null || Number(a.org_unit_id) === unit))?.id;
  for (const e of drafts) {
    const missing = e.lines.findIndex((l) => accountId(l.accountCode, e.orgUnitId) === undefined);
    if (missing >= 0)
      throw badField(
        `lines.${missing}.accountCode`,
        'account',
        `凭证 ${name(e)}：科目 ${e.lines[missing].accountCode} 不存在`,
        `entry ${name(e)}: account ${e.lines[missing].accountCode} does not exist`,
      );
  }
  await requireOpenPeriods(
    tx,
    drafts.map((e) => ({ orgUnitId: e.orgUnitId, period: periodOf(e.date), entryName: name(e) })),
  );
  const { rows } = await tx.query(
    `INSERT INTO ledger_entries (org_unit_id, entry_date, period, source_type, source_id, source_payload, memo, reverses_entry_id, posted_by, line_count)
     SELECT * FROM unnest($1::bigint[], $2::date[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::bigint[], $9::bigint[], $10::int[])
     ON CONFLICT (source_type, source_id) DO NOTHING RETURNING id, source_type, source_id`,
    [
      drafts.map((e) => e.orgUnitId),
      drafts.map((e) => e.date),
      drafts.map((e) => periodOf(e.date)),
      drafts.map((e) => e.sourceType),
      drafts.map((e) => e.sourceId),
      drafts.map((e) => JSON.stringify(e.payload)),
      drafts.map((e) => e.memo),
      drafts.map((e) => e.reversesEntryId),
      drafts.map((e) => e.postedBy),
      drafts.map((e) => e.lines.length),
    ],
  );
  const idBySource = new Map(rows.map((r) => [`${r.source_type}:${r.source_id}`, Number(r.id)]));
  const ids = drafts.map((e) => idBySource.get(name(e)) ?? null);
  const lines = drafts.flatMap((e, i) => (ids[i] === null ? [] : e.lines.map((l, n) => ({ entryId: ids[i]!, lineNo: n + 1, e, l }))));
  if (lines.length) {
    await tx.query(
      `INSERT INTO ledger_lines (entry_id, line_no, org_unit_id, period, entry_date, account_id, debit_fen, credit_fen, counter_org_unit_id, memo)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::int[], $5::date[], $6::int[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[])`,
      [
        lines.map((x) => x.entryId),
        lines.map((x) => x.lineNo),
        lines.map((x) => x.e.orgUnitId),
        lines.map((x) => periodOf(x.e.date)),
        lines.map((x) => x.e.date),
        lines.map((x) => accountId(x.l.accountCode, x.e.orgUnitId)),
        lines.map((x) => x.l.debitFen),
        lines.map((x) => x.l.creditFen),
        lines.map((x) => x.l.counterOrgUnitId),
        lines.map((x) => x.l.memo),
      ],
    );
  }
  return ids;
}

async function insertEntry(tx: Queryable, e: EntryDraft): Promise<number | null> {
  return (await insertEntries(tx, [e]))[0];
}

function checkEvent(event: MoneyEvent, index: number | null): void {
  if (Value.Check(MoneyEventSchema, event)) return;
  const first = [...Value.Errors(MoneyEventSchema, event)][0];
  const path = String((first as { instancePath?: string })?.instancePath ?? '')
    .replace(/^\//, '')
    .replaceAll('/', '.');
  const field = [index === null ? null : String(index), path || null].filter((x) => x !== null).join('.') || 'event';
  throw badField(field, 'schema', `记账事件不合规：${first?.message ?? ''}`, `invalid money event: ${first?.message ?? ''}`);
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
  checkEvent(event, null);
  return (await postMoneyEvents(tx, [event], postedBy))[0];
}

/**
 * The same contract for many events at once (a bill run, a bank file): one entry per event, with a
 * handful of statements for the whole batch instead of several per event. All or nothing: one refused
 * event refuses the batch (your transaction rolls back). Results in the order of the events; an
 * event repeated inside the batch, or posted before, answers `replayed: true`. Invalid events are
 * named by their index (`3.amounts.energy`).
 */
export async function postMoneyEvents(tx: Queryable, events: MoneyEvent[], postedBy: number | null = null): Promise<PostResult[]> {
  events.forEach((e, i) => checkEvent(e, events.length === 1 ? null : i));
  const key = (e: MoneyEvent) => `${e.type}:${e.id}`;
  const before = await existingMany(
    tx,
    events.map((e) => ({ type: e.type, id: e.id })),
  );
  const rules = await postingRules(tx);
  const fresh = new Map<string, MoneyEvent>();
  for (const e of events) {
    const k = key(e);
    const prior = before.get(k);
    if (prior) sameReplay(k, prior.payload, e);
    else if (fresh.has(k)) sameReplay(k, fresh.get(k), e);
    else fresh.set(k, e);
  }
  const todo = [...fresh.values()];
  const ids = await insertEntries(
    tx,
    todo.map((e) => ({
      orgUnitId: e.orgUnitId,
      date: e.date,
      sourceType: e.type,
      sourceId: e.id,
      payload: e,
      memo: e.memo ?? null,
      reversesEntryId: null,
      postedBy,
      lines: linesForEvent(e, rules),
    })),
  );
  const posted = new Map(todo.map((e, i) => [key(e), ids[i]]));
  const lost = todo.filter((_, i) => ids[i] === null); // posted meanwhile by another transaction
  const raced = await existingMany(
    tx,
    lost.map((e) => ({ type: e.type, id: e.id })),
  );
  for (const e of lost) sameReplay(key(e), raced.get(key(e))!.payload, e);
  const first = new Set<string>();
  return events.map((e) => {
    const k = key(e);
    const prior = before.get(k) ?? raced.get(k);
    if (prior) return { entryId: prior.id, replayed: true };
    const replayed = first.has(k);
    first.add(k);
    return { entryId: posted.get(k)!, replayed };
  });
}

/** A manual entry (手工凭证) by a user with ledger.write: balanced, into an open period of a unit in scope; audited. */
export async function postManualEntry(db: Db, p: Principal, body: ManualEntry): Promise<PostResult> {
  await visibleUnit(db, p, body.orgUnitId);
  const key = body.key ?? `${p.id}:${Date.now()}:${Math.random().toString(36).slice(2, 10)}`;
  const lines: DraftLine[] = body.lines.map((l) => ({
    accountCode: l.accountCode,
    debitFen: l.debitFen ?? 0,
    creditFen: l.creditFen ?? 0,
    counterOrgUnitId: l.counterOrgUnitId ?? null,
    memo: l.memo ?? null,
  }));
  return withTx(db, async (tx) => {
    const before = await existing(tx, 'manual', key);
    if (before) {
      sameReplay(`manual:${key}`, before.payload, body);
      return { entryId: before.id, replayed: true };
    }
    const id = await insertEntry(tx, {
      orgUnitId: body.orgUnitId,
      date: body.date,
      sourceType: 'manual',
      sourceId: key,
      payload: body,
      memo: body.memo,
      reversesEntryId: null,
      postedBy: p.id,
      lines,
    });
    if (id === null) throw conflict('同一凭证正在记账', 'the same entry is being posted', {}, 'EVENT_ALREADY_POSTED');
    await recordAudit(tx, actorOf(p), {
      action: 'ledger.entry_post',
      entity: 'ledger_entry',
      entityId: id,
      orgUnitId: body.orgUnitId,
      after: { ...body, key },
    });
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
  if (date < origDate)
    throw badField('date', 'after_original', `冲销日期不能早于原凭证日期 ${origDate}`, `the reversal date cannot precede the original's date ${origDate}`);
  const before = await existing(tx, 'reversal', String(entryId));
  if (before)
    throw conflict(
      `凭证 ${entryId} 已被冲销（冲销凭证 ${before.id}）`,
      `entry ${entryId} was already reversed by entry ${before.id}`,
      { reversedByEntryId: before.id },
      'ALREADY_REVERSED',
    );
  const { rows: lines } = await tx.query(
    'SELECT l.*, a.code FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id WHERE l.entry_id = $1 ORDER BY l.line_no',
    [entryId],
  );
  const id = await insertEntry(tx, {
    orgUnitId: Number(orig.org_unit_id),
    date,
    sourceType: 'reversal',
    sourceId: String(entryId),
    payload: { reverses: entryId, date },
    memo: memo ?? `冲销凭证 ${entryId} / reversal of entry ${entryId}`,
    reversesEntryId: entryId,
    postedBy,
    lines: lines.map((l) => ({
      accountCode: l.code,
      debitFen: Number(l.credit_fen),
      creditFen: Number(l.debit_fen),
      counterOrgUnitId: l.counter_org_unit_id === null ? null : Number(l.counter_org_unit_id),
      memo: l.memo,
    })),
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
    await recordAudit(tx, actorOf(p), {
      action: 'ledger.entry_reverse',
      entity: 'ledger_entry',
      entityId: r.entryId,
      orgUnitId: Number(rows[0].org_unit_id),
      after: { reverses: entryId, date: body.date ?? null },
    });
    return r;
  });
}

/** For billing and payments: reverse the entry a money event posted (e.g. a bill cancelled), inside the caller's transaction. */
export async function reverseMoneyEvent(
  tx: Queryable,
  source: { type: MoneyEvent['type']; id: string },
  date: string,
  postedBy: number | null = null,
): Promise<PostResult> {
  const e = await existing(tx, source.type, source.id);
  if (!e) throw new DomainError('not_found', 'NOT_FOUND', `事件 ${source.type}:${source.id} 未记账`, `event ${source.type}:${source.id} was not posted`);
  return reverseIn(tx, e.id, date, null, postedBy);
}

/** For billing and payments: which of these events of one type were posted already (their ids), to skip building them again. */
export async function postedEventIds(tx: Queryable, type: MoneyEvent['type'], ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await tx.query(`SELECT source_id FROM ledger_entries WHERE source_type = $1 AND source_id = ANY($2::text[])`, [type, ids]);
  return new Set(rows.map((r) => r.source_id as string));
}
