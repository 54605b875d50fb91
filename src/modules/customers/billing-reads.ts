/**
 * Reads for the billing module (meter reading and bill runs): meters with their account, service
 * point class and org path. Billing owns readings and bills; meters and accounts stay here.
 */
import type { Queryable } from '../../db/pool.js';
import { idArray } from '../../db/params.js';
import { inOrgScope, orgUnitField } from '../orgs/index.js';
import { NOTIFICATION_PREFS_COLUMNS, notificationPrefsJoin } from '../../platform/outbox/preferences.js';

export interface MeterForBilling {
  meterId: number;
  meterNo: string;
  /** 倍率: CT ratio × PT ratio, decimal text */
  multiplier: string;
  installedOn: string | null;
  accountId: number;
  accountNo: string;
  customerId: number;
  orgUnitId: number;
  orgPath: string;
  servicePointId: number;
  /** the service point's class: residential, lv_nonresidential, hv */
  customerClass: string;
  contractedKva: string;
  supplyVoltageKv: string;
}

const COLUMNS = `m.id AS meter_id, m.meter_no, m.multiplier::text AS multiplier, to_char(m.installed_on, 'YYYY-MM-DD') AS installed_on,
  a.id AS account_id, a.account_no, a.customer_id, sp.org_unit_id, ${orgUnitField('sp.org_unit_id', 'path')} AS org_path, sp.id AS sp_id, sp.customer_class,
  sp.contracted_kva::text AS kva, sp.supply_voltage_kv::text AS kv`;
const FROM = `FROM meters m JOIN service_points sp ON sp.id = m.service_point_id JOIN customer_accounts a ON a.id = sp.account_id`;

const toMeter = (r: Record<string, any>): MeterForBilling => ({
  meterId: Number(r.meter_id),
  meterNo: r.meter_no,
  multiplier: r.multiplier,
  installedOn: r.installed_on,
  accountId: Number(r.account_id),
  accountNo: r.account_no,
  customerId: Number(r.customer_id),
  orgUnitId: Number(r.org_unit_id),
  orgPath: r.org_path,
  servicePointId: Number(r.sp_id),
  customerClass: r.customer_class,
  contractedKva: r.kva,
  supplyVoltageKv: r.kv,
});

/** Meters by number (the key of an AMI/MDM file); unknown numbers are simply absent. */
export async function metersByNo(db: Queryable, meterNos: string[]): Promise<MeterForBilling[]> {
  if (!meterNos.length) return [];
  const { rows } = await db.query(`SELECT ${COLUMNS} ${FROM} WHERE m.meter_no = ANY($1::text[])`, [meterNos]);
  return rows.map(toMeter);
}

/** Meters by id. */
export async function metersById(db: Queryable, ids: number[]): Promise<MeterForBilling[]> {
  if (!ids.length) return [];
  const { rows } = await db.query(`SELECT ${COLUMNS} ${FROM} WHERE m.id = ANY($1::bigint[])`, [ids]);
  return rows.map(toMeter);
}

/** The meters of active accounts under an org path with account ids in [from, to], by account then meter. */
export async function metersOfAccountRange(db: Queryable, orgPath: string, from: number, to: number): Promise<MeterForBilling[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} ${FROM} WHERE a.id BETWEEN $2 AND $3 AND a.status = 'active' AND ${inOrgScope('sp.org_unit_id', '$1')} ORDER BY a.id, m.id`,
    [orgPath, from, to],
  );
  return rows.map(toMeter);
}

/**
 * Ids of the active accounts with a meter under an org path, ascending (the population of a bill run). They come
 * back as one comma-separated text, not a row each: a million accounts are a 7 MB string and an array of numbers
 * rather than a million row objects and id strings in the process that starts the run.
 */
export async function meteredAccountIds(db: Queryable, orgPath: string): Promise<number[]> {
  const { rows } = await db.query(
    `SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM (SELECT DISTINCT a.id ${FROM} WHERE a.status = 'active' AND ${inOrgScope('sp.org_unit_id', '$1')}) x`,
    [orgPath],
  );
  const text: string | null = rows[0].ids;
  if (!text) return [];
  const ids: number[] = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      ids.push(n);
      n = 0;
    } else n = n * 10 + (c - 48);
  }
  ids.push(n);
  return ids;
}

/** The accounts of a customer (portal: my bills). */
export async function accountIdsOfCustomer(db: Queryable, customerId: number): Promise<number[]> {
  const { rows } = await db.query(`SELECT id FROM customer_accounts WHERE customer_id = $1 ORDER BY id`, [customerId]);
  return rows.map((r) => Number(r.id));
}

/** Who a bill is addressed to: the account's number, its customer and the address of its first service point. */
export interface BillAddressee {
  accountId: number;
  accountNo: string;
  customerId: number;
  customerName: string;
  address: string;
  phone: string | null;
  email: string | null;
  /** the customer's delivery preferences (platform/outbox): null when none are stored */
  prefs: { sms: boolean; email: boolean; quietStart: string | null; quietEnd: string | null } | null;
}

/** The addressees of bills by account id (bill documents, e-bill notices); unknown ids are absent. */
export async function billAddressees(db: Queryable, accountIds: number[]): Promise<Map<number, BillAddressee>> {
  if (!accountIds.length) return new Map();
  const { rows } = await db.query(
    `SELECT a.id, a.account_no, c.id AS customer_id, c.name, c.phone, c.email, ${NOTIFICATION_PREFS_COLUMNS},
            (SELECT sp.address FROM service_points sp WHERE sp.account_id = a.id ORDER BY sp.id LIMIT 1) AS address
       FROM customer_accounts a JOIN customers c ON c.id = a.customer_id ${notificationPrefsJoin('c.id')} WHERE a.id = ANY($1::bigint[])`,
    [accountIds],
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        accountId: Number(r.id),
        accountNo: r.account_no,
        customerId: Number(r.customer_id),
        customerName: r.name,
        address: r.address ?? '',
        phone: r.phone,
        email: r.email,
        prefs: r.np_sms === null ? null : { sms: r.np_sms, email: r.np_email, quietStart: r.np_qs, quietEnd: r.np_qe },
      },
    ]),
  );
}

/** An account as the payments counter sees it (户号 search): number, customer name, org unit, class. */
export interface AccountForCollection {
  accountId: number;
  accountNo: string;
  customerId: number;
  customerName: string;
  orgUnitId: number;
  orgPath: string;
  status: string;
  /** the class of its first service point, as billing and the ledger name it: residential or commercial_industrial */
  customerClass: string;
}

const COLLECTION_COLUMNS = `a.id, a.account_no, a.customer_id, c.name, a.org_unit_id, ${orgUnitField('a.org_unit_id', 'path')} AS org_path, a.status,
  (SELECT sp.customer_class FROM service_points sp WHERE sp.account_id = a.id ORDER BY sp.id LIMIT 1) AS sp_class`;
const toCollectionAccount = (r: Record<string, any>): AccountForCollection => ({
  accountId: Number(r.id),
  accountNo: r.account_no,
  customerId: Number(r.customer_id),
  customerName: r.name,
  orgUnitId: Number(r.org_unit_id),
  orgPath: r.org_path,
  status: r.status,
  customerClass: r.sp_class === 'residential' || r.sp_class === null ? 'residential' : 'commercial_industrial',
});

/** Accounts in an org scope whose number starts with `prefix` (at most `limit`), or one by id; out of scope: absent. */
export async function accountsForCollection(
  db: Queryable,
  orgPath: string,
  by: { prefix?: string; accountId?: number; customerId?: number; accountIds?: number[] },
  limit = 20,
): Promise<AccountForCollection[]> {
  if (by.accountIds && by.prefix === undefined && by.accountId === undefined && by.customerId === undefined) {
    // many accounts by id (a bank file's chunk): one index lookup per id whatever the tables' size (the
    // LIMIT keeps the planner from turning the lookups into hash joins over every account and customer);
    // the first service point's class of all the accounts in one sorted pass (not a sort per account)
    const { rows } = await db.query(
      `SELECT x.*, sp.customer_class AS sp_class FROM unnest($2::bigint[]) AS k(id)
         CROSS JOIN LATERAL (SELECT a.id, a.account_no, a.customer_id, c.name, a.org_unit_id, ${orgUnitField('a.org_unit_id', 'path')} AS org_path, a.status
                               FROM customer_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = k.id LIMIT 1) x
         LEFT JOIN (SELECT DISTINCT ON (s.account_id) s.account_id, s.customer_class FROM service_points s WHERE s.account_id = ANY($2::bigint[])
                     ORDER BY s.account_id, s.id) sp ON sp.account_id = x.id
        WHERE ${inOrgScope('x.org_unit_id', '$1')} ORDER BY x.account_no LIMIT $3`,
      [orgPath, idArray(by.accountIds), limit],
    );
    return rows.map(toCollectionAccount);
  }
  const { rows } = await db.query(
    `SELECT ${COLLECTION_COLUMNS} FROM customer_accounts a JOIN customers c ON c.id = a.customer_id
      WHERE ${inOrgScope('a.org_unit_id', '$1')} AND ($2::text IS NULL OR a.account_no LIKE $2 || '%') AND ($3::bigint IS NULL OR a.id = $3)
        AND ($4::bigint IS NULL OR a.customer_id = $4) AND ($6::bigint[] IS NULL OR a.id = ANY($6::bigint[]))
      ORDER BY a.account_no LIMIT $5`,
    [orgPath, by.prefix ?? null, by.accountId ?? null, by.customerId ?? null, limit, by.accountIds ?? null],
  );
  return rows.map(toCollectionAccount);
}
