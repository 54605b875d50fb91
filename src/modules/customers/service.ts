/** The 360° customer view, reading full personal data (audited), and edits. */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { maskIdNumber, maskPhone, validIdNumber } from '../../platform/pii.js';
import { badField, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { inOrgScope, orgUnitField } from '../orgs/index.js';
import type { Customer360, CustomerPatch, CustomerPiiAnswer, CustomerUpdatedAnswer, OwnCustomer360Answer } from './schemas.js';

/** The customer row if the principal may see it; customers see only themselves. 404 otherwise. */
export async function visibleCustomer(db: Queryable, p: Principal, id: number) {
  if (p.role === 'customer' && p.customerId !== id) throw notFound('Customer', '客户');
  const { rows } = await db.query(
    `SELECT c.*, ${orgUnitField('c.org_unit_id', 'name')} AS org_unit_name, ${orgUnitField('c.org_unit_id', 'name_en')} AS org_unit_name_en, ${orgUnitField('c.org_unit_id', 'path')} AS path
       FROM customers c WHERE c.id = $1 AND ${inOrgScope('c.org_unit_id', '$2')}`,
    [id, p.role === 'customer' ? '/' : p.orgPath],
  );
  if (!rows[0]) throw notFound('Customer', '客户');
  return rows[0];
}

export async function getCustomer360(db: Db, p: Principal, id: number): Promise<Customer360> {
  const c = await visibleCustomer(db, p, id);
  const [accounts, sps, meters] = await Promise.all([
    db.query('SELECT id, account_no, status FROM customer_accounts WHERE customer_id = $1 ORDER BY id', [id]),
    db.query(
      `SELECT sp.*, t.id AS t_id, t.code AS t_code, t.name AS t_name, f.id AS f_id, f.code AS f_code, f.name AS f_name,
              s.id AS s_id, s.code AS s_code, s.name AS s_name
         FROM service_points sp
         LEFT JOIN pub_network_devices t ON t.id = sp.transformer_id
         LEFT JOIN pub_network_devices f ON f.id = t.parent_id
         LEFT JOIN pub_network_devices s ON s.id = f.parent_id
        WHERE sp.customer_id = $1 ORDER BY sp.id`,
      [id],
    ),
    db.query(
      'SELECT m.id, m.meter_no, m.kind, m.service_point_id FROM meters m JOIN service_points sp ON sp.id = m.service_point_id WHERE sp.customer_id = $1 ORDER BY m.id',
      [id],
    ),
  ]);
  const dev = (i: number | null, code: string, name: string) => (i ? { id: i, code, name } : null);
  return {
    customer: {
      id: c.id,
      name: c.name,
      kind: c.kind,
      phone: maskPhone(c.phone),
      idNumber: maskIdNumber(c.id_number),
      email: c.email,
      orgUnitId: c.org_unit_id,
      orgUnitName: c.org_unit_name,
      orgUnitNameEn: c.org_unit_name_en,
      createdAt: c.created_at,
    },
    accounts: accounts.rows.map((a) => ({ id: a.id, accountNo: a.account_no, status: a.status })),
    servicePoints: sps.rows.map((s) => ({
      id: s.id,
      accountId: s.account_id,
      address: s.address,
      lon: s.lon,
      lat: s.lat,
      customerClass: s.customer_class,
      contractedKva: Number(s.contracted_kva),
      supplyVoltageKv: Number(s.supply_voltage_kv),
      important: s.important,
      transformer: dev(s.t_id, s.t_code, s.t_name),
      feeder: dev(s.f_id, s.f_code, s.f_name),
      substation: dev(s.s_id, s.s_code, s.s_name),
      meters: meters.rows.filter((m) => m.service_point_id === s.id).map((m) => ({ id: m.id, meterNo: m.meter_no, kind: m.kind })),
    })),
  };
}

/** A customer's own 360° view in the portal; a login linked to no customer sees empty lists. */
export async function ownCustomer360(db: Db, p: Principal): Promise<OwnCustomer360Answer> {
  if (!p.customerId) return { customer: null, accounts: [], servicePoints: [] };
  return getCustomer360(db, p, p.customerId);
}

/** Full phone and ID number: only for roles holding customers.pii, and every read is audited. */
export async function readCustomerPii(db: Db, p: Principal, id: number): Promise<CustomerPiiAnswer> {
  const c = await visibleCustomer(db, p, id);
  await withTx(db, (tx) => recordAudit(tx, actorOf(p), { action: 'customer.pii_read', entity: 'customer', entityId: id, orgUnitId: c.org_unit_id }));
  return { phone: c.phone, idNumber: c.id_number };
}

export async function updateCustomer(db: Db, p: Principal, id: number, patch: CustomerPatch): Promise<CustomerUpdatedAnswer> {
  if (patch.idNumber !== undefined && !validIdNumber(patch.idNumber)) {
    throw badField('body.idNumber', 'checksum', '身份证号校验位不正确', 'ID number check digit is wrong');
  }
  const before = await visibleCustomer(db, p, id);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `UPDATE customers SET name = COALESCE($2, name), phone = COALESCE($3, phone), email = COALESCE($4, email), id_number = COALESCE($5, id_number), updated_at = now()
        WHERE id = $1 RETURNING id, name, phone, email, id_number`,
      [id, patch.name ?? null, patch.phone ?? null, patch.email ?? null, patch.idNumber ?? null],
    );
    const mask = (r: Record<string, any>) => ({ name: r.name, phone: maskPhone(r.phone), email: r.email, idNumber: maskIdNumber(r.id_number) });
    await recordAudit(tx, actorOf(p), {
      action: 'customer.update',
      entity: 'customer',
      entityId: id,
      orgUnitId: before.org_unit_id,
      before: mask(before),
      after: mask(rows[0]),
    });
    return { id, ...mask(rows[0]) };
  });
}

/** Customers matching a phone number exactly (CTI screen-pop), masked. */
export async function customersByPhone(db: Queryable, orgPath: string, phone: string) {
  const { rows } = await db.query(
    `SELECT c.id, c.name, c.phone, c.org_unit_id,
            (SELECT array_agg(sp.id ORDER BY sp.id) FROM service_points sp WHERE sp.customer_id = c.id) AS service_point_ids,
            (SELECT array_agg(a.account_no ORDER BY a.id) FROM customer_accounts a WHERE a.customer_id = c.id) AS account_nos
       FROM customers c WHERE c.phone = $1 AND ${inOrgScope('c.org_unit_id', '$2')} LIMIT 20`,
    [phone, orgPath],
  );
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    phone: maskPhone(r.phone),
    orgUnitId: r.org_unit_id as number,
    servicePointIds: (r.service_point_ids ?? []) as number[],
    accountNos: (r.account_nos ?? []) as string[],
  }));
}
