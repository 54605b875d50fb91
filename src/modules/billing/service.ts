/** Tariff storage and the simulator: the use cases behind /api/billing (docs/billing.md). */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, badFields, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { addDays } from '../../platform/calendar/dates.js';
import { accountsForCollection, metersOfAccountRange } from '../customers/index.js';
import { rateWithSplit, splitYtdInputs, type SplitRatingInput } from './metering-split-rules.js';
import { accountSplitOn } from './metering-split.js';
import { validateContent, validateTariffSet } from './tariff-set-rules.js';
import type {
  PublicTariffs,
  BillingAccount,
  BillingPolicy,
  SimulateResult,
  TariffVersion,
  SimulateInput,
  TariffListFilter,
  TariffVersionCreate,
  TariffVersionCreatedOut,
  TariffVersionRow,
} from './schemas.js';

const VERSION_COLUMNS = `v.id, v.code, t.province, t.customer_class, t.pricing, t.voltage,
  to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to, v.content`;

const toVersion = (r: Record<string, any>): TariffVersionRow => ({
  id: r.id,
  code: r.code,
  province: r.province,
  customerClass: r.customer_class,
  pricing: r.pricing,
  voltage: r.voltage,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  content: r.content,
});

/** Today's date in China Standard Time (tariffs change at local midnight). */
export const todayCst = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The national billing policy in force on a day. */
export async function policyOn(db: Queryable, on: string): Promise<BillingPolicy> {
  const { rows } = await db.query(`SELECT policy FROM billing_policies WHERE valid_from <= $1 ORDER BY valid_from DESC LIMIT 1`, [on]);
  if (!rows[0]) throw notFound('Billing policy', '计费政策');
  return rows[0].policy;
}

export async function listTariffsInForce(db: Queryable, f: TariffListFilter): Promise<TariffVersionRow[]> {
  const on = f.on ?? todayCst();
  const { rows } = await db.query(
    `SELECT ${VERSION_COLUMNS} FROM tariff_versions v JOIN tariffs t ON t.id = v.tariff_id
      WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to >= $1)
        AND ($2::text IS NULL OR t.province = $2) AND ($3::text IS NULL OR t.customer_class = $3)
      ORDER BY t.province, t.customer_class, t.pricing, t.voltage`,
    [on, f.province ?? null, f.customerClass ?? null],
  );
  return rows.map(toVersion);
}

export async function getTariffVersion(db: Queryable, id: number): Promise<TariffVersionRow> {
  const { rows } = await db.query(`SELECT ${VERSION_COLUMNS} FROM tariff_versions v JOIN tariffs t ON t.id = v.tariff_id WHERE v.id = $1`, [id]);
  if (!rows[0]) throw notFound('Tariff version', '电价版本');
  return toVersion(rows[0]);
}

/** Every version of one tariff key, oldest first. */
async function versionsOfKey(db: Queryable, k: { province: string; customerClass: string; pricing: string; voltage: string }): Promise<TariffVersionRow[]> {
  const { rows } = await db.query(
    `SELECT ${VERSION_COLUMNS} FROM tariff_versions v JOIN tariffs t ON t.id = v.tariff_id
      WHERE t.province = $1 AND t.customer_class = $2 AND t.pricing = $3 AND t.voltage = $4 ORDER BY v.valid_from`,
    [k.province, k.customerClass, k.pricing, k.voltage],
  );
  return rows.map(toVersion);
}

/**
 * Creates a version. Its figures are checked (refused with the fields named; TOU ratio warnings are
 * returned). When the key's latest version is open and starts before the new one, it is closed on the
 * day before; any other overlap or gap with the key's versions is refused naming the dates (409).
 */
export async function createTariffVersion(db: Db, p: Principal, body: TariffVersionCreate): Promise<TariffVersionCreatedOut> {
  const validTo = body.validTo ?? null;
  if (validTo !== null && validTo < body.validFrom)
    throw badField('validTo', 'order', `失效日 ${validTo} 早于生效日 ${body.validFrom}`, `valid to ${validTo} is before valid from ${body.validFrom}`);
  const policy = await policyOn(db, body.validFrom);
  const { problems, warnings } = validateContent(body, policy);
  if (problems.length) throw badFields('VALIDATION_FAILED', `电价内容有误：${problems[0].zh}`, `Invalid tariff: ${problems[0].en}`, problems);
  return withTx(db, async (tx) => {
    await tx.query(`INSERT INTO tariffs (province, customer_class, pricing, voltage) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      body.province,
      body.customerClass,
      body.pricing,
      body.voltage,
    ]);
    const tariff = (
      await tx.query(`SELECT id FROM tariffs WHERE province = $1 AND customer_class = $2 AND pricing = $3 AND voltage = $4 FOR UPDATE`, [
        body.province,
        body.customerClass,
        body.pricing,
        body.voltage,
      ])
    ).rows[0];
    if ((await tx.query(`SELECT 1 FROM tariff_versions WHERE code = $1`, [body.code])).rowCount)
      throw conflict('电价版本编码已存在', 'tariff version code already exists', {}, 'DUPLICATE', [
        { field: 'code', rule: 'unique', message: '编码已存在', messageEn: 'code already exists' },
      ]);
    const existing = await versionsOfKey(tx, body);
    const latest = existing[existing.length - 1];
    let closed: TariffVersionRow | null = null;
    if (latest && latest.validTo === null && latest.validFrom < body.validFrom) closed = { ...latest, validTo: addDays(body.validFrom, -1) };
    const candidate = { ...body, validTo };
    const set = [...existing.map((v) => (closed && v.id === closed.id ? closed : v)), candidate];
    const dates = validateTariffSet(set);
    if (dates.length)
      throw conflict(
        `电价版本日期冲突：${dates[0].zh}`,
        `Tariff dates clash: ${dates[0].en}`,
        {},
        'TARIFF_DATES',
        dates.map((d) => ({ field: d.field, rule: d.rule, message: d.zh, messageEn: d.en })),
      );
    if (closed) await tx.query(`UPDATE tariff_versions SET valid_to = $2 WHERE id = $1`, [closed.id, closed.validTo]);
    const { rows } = await tx.query(
      `INSERT INTO tariff_versions (tariff_id, code, valid_from, valid_to, content, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tariff.id, body.code, body.validFrom, validTo, JSON.stringify(body.content), p.id],
    );
    const version: TariffVersionRow = {
      id: rows[0].id,
      code: body.code,
      province: body.province,
      customerClass: body.customerClass,
      pricing: body.pricing,
      voltage: body.voltage,
      validFrom: body.validFrom,
      validTo,
      content: body.content,
    };
    await recordAudit(tx, actorOf(p), {
      action: 'tariff.create',
      entity: 'tariff_version',
      entityId: version.id,
      orgUnitId: p.orgUnitId,
      before: closed ? { closed: { id: closed.id, code: closed.code, validTo: null } } : null,
      after: { ...version, closedPredecessor: closed ? { id: closed.id, code: closed.code, validTo: closed.validTo } : null },
    });
    return { version, closed, warnings };
  });
}

/**
 * "What would this customer pay under this table": rates the inputs on the stored versions of the
 * account's tariff, or on a proposed table (`table`) taken as in force throughout (checked like a new version).
 * With `accountId` (an account in the caller's scope) the account's metering split (§23) in force on the period's
 * first day is applied as a run would: the split class under its own stored tariff on its own year to date
 * (from the account's stored bills), the main class on `ytdKwh` less that.
 */
export async function simulate(db: Queryable, p: Pick<Principal, 'orgPath'>, input: SimulateInput): Promise<SimulateResult> {
  const key = { province: input.province, customerClass: input.account.customerClass, pricing: input.account.pricing, voltage: input.account.voltage };
  const policy = await policyOn(db, input.period.from);
  let versions: TariffVersion[];
  if (input.table) {
    const { problems } = validateContent({ customerClass: key.customerClass, content: input.table }, policy);
    if (problems.length)
      throw badFields(
        'VALIDATION_FAILED',
        `电价内容有误：${problems[0].zh}`,
        `Invalid tariff: ${problems[0].en}`,
        problems.map((p) => ({ ...p, field: p.field.replace(/^content/, 'table') })),
      );
    versions = [{ code: 'DRAFT', ...key, validFrom: '1900-01-01', validTo: null, content: input.table }];
  } else {
    versions = await versionsOfKey(db, key);
    if (!versions.length)
      throw badField(
        'province',
        'no_tariff',
        `没有 ${key.province} / ${key.customerClass} / ${key.pricing} / ${key.voltage} 的电价`,
        `no tariff for ${key.province} / ${key.customerClass} / ${key.pricing} / ${key.voltage}`,
      );
  }
  let split: SplitRatingInput | null = null;
  let ytdKwh = input.ytdKwh;
  if (input.accountId !== undefined) {
    if (!(await metersOfAccountRange(db, p.orgPath, input.accountId, input.accountId)).length) throw notFound('Account', '用电户');
    const s = await accountSplitOn(db, input.accountId, input.period.from);
    if (s.split) {
      const splitVersions = await versionsOfKey(db, {
        province: input.province,
        customerClass: s.split.customerClass,
        pricing: 'single',
        voltage: input.account.voltage,
      });
      ({ ytdKwh, split } = splitYtdInputs(input.ytdKwh ?? 0, s.split, splitVersions, s.partYtd));
    }
  }
  const { meteringSplit, ...result } = rateWithSplit(
    {
      account: input.account,
      period: input.period,
      versions,
      registers: input.registers,
      ytdKwh,
      tierYear: input.tierYear,
      events: input.events,
      policy,
    },
    split,
  );
  return {
    ...result,
    tariffCodes: [...new Set(result.lines.map((l) => l.tariffCode).filter((c): c is string => c !== null))],
    ...(input.accountId !== undefined ? { meteringSplit } : {}),
  };
}

/** The simulator's account picker: at most 20 accounts in the caller's scope whose number (户号) starts with `q`. */
export async function findBillingAccounts(db: Queryable, p: Pick<Principal, 'orgPath'>, q: string): Promise<BillingAccount[]> {
  return (await accountsForCollection(db, p.orgPath, { prefix: q.trim() }, 20)).map((a) => ({
    accountId: a.accountId,
    accountNo: a.accountNo,
    customerName: a.customerName,
    customerClass: a.customerClass,
    status: a.status,
  }));
}

/**
 * The public tariff notice (电价信息公开): every tariff version of the company's province
 * (billing_settings.province) in force on a day (today in China Standard Time by default) — the same
 * stored tables the rating engine bills with, so the published page cannot differ from what is billed.
 */
export async function publicTariffs(db: Queryable, on?: string): Promise<PublicTariffs> {
  const province = (await db.query(`SELECT province FROM billing_settings WHERE id = 1`)).rows[0].province as string;
  const day = on ?? todayCst();
  return { province, on: day, tariffs: await listTariffsInForce(db, { province, on: day }) };
}
