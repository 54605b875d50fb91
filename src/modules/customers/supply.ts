/**
 * Supply set up by other modules (connection applications at power-on): a new customer with
 * account, service point under a transformer and meter, or a changed contracted capacity.
 * Runs inside the caller's transaction; the caller audits the use case.
 */
import type { Queryable } from '../../db/pool.js';

export interface NewSupply {
  orgUnitId: number;
  /** an existing customer, or the details of a new one */
  customerId: number | null;
  name: string;
  kind: 'person' | 'organisation';
  phone: string | null;
  accountNo: string;
  address: string;
  customerClass: 'residential' | 'lv_nonresidential' | 'hv';
  contractedKva: number;
  supplyVoltageKv: number;
  important: boolean;
  transformerId: number | null;
  meterNo: string;
  installedOn: string;
}

export async function connectSupply(tx: Queryable, s: NewSupply): Promise<{ customerId: number; accountId: number; servicePointId: number; meterId: number }> {
  const customerId =
    s.customerId ??
    (await tx.query(`INSERT INTO customers (org_unit_id, name, kind, phone) VALUES ($1, $2, $3, $4) RETURNING id`, [s.orgUnitId, s.name, s.kind, s.phone]))
      .rows[0].id;
  const accountId = (
    await tx.query(`INSERT INTO customer_accounts (customer_id, org_unit_id, account_no) VALUES ($1, $2, $3) RETURNING id`, [
      customerId,
      s.orgUnitId,
      s.accountNo,
    ])
  ).rows[0].id;
  const servicePointId = (
    await tx.query(
      `INSERT INTO service_points (account_id, customer_id, org_unit_id, address, customer_class, contracted_kva, supply_voltage_kv, important, transformer_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
      [accountId, customerId, s.orgUnitId, s.address, s.customerClass, s.contractedKva, s.supplyVoltageKv, s.important, s.transformerId],
    )
  ).rows[0].id;
  const meterId = (
    await tx.query(`INSERT INTO meters (service_point_id, meter_no, installed_on) VALUES ($1, $2, $3) RETURNING id`, [servicePointId, s.meterNo, s.installedOn])
  ).rows[0].id;
  return { customerId, accountId, servicePointId, meterId };
}

/** Contracted capacity (and, when given, the transformer) of a service point. */
export async function setServicePointCapacity(tx: Queryable, servicePointId: number, contractedKva: number, transformerId?: number | null): Promise<void> {
  await tx.query(`UPDATE service_points SET contracted_kva = $2, transformer_id = COALESCE($3, transformer_id) WHERE id = $1`, [
    servicePointId,
    contractedKva,
    transformerId ?? null,
  ]);
}

export interface ServicePointFacts {
  id: number;
  customerId: number;
  accountId: number;
  orgUnitId: number;
  contractedKva: number;
  customerClass: string;
  transformerId: number | null;
  address: string;
}

export async function servicePointFacts(db: Queryable, servicePointId: number): Promise<ServicePointFacts | null> {
  const { rows } = await db.query(
    `SELECT id, customer_id, account_id, org_unit_id, contracted_kva, customer_class, transformer_id, address FROM service_points WHERE id = $1`,
    [servicePointId],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        customerId: r.customer_id,
        accountId: r.account_id,
        orgUnitId: r.org_unit_id,
        contractedKva: Number(r.contracted_kva),
        customerClass: r.customer_class,
        transformerId: r.transformer_id,
        address: r.address,
      }
    : null;
}

/** 更名: the customer's name changes (same customer, same accounts). */
export async function renameCustomer(tx: Queryable, customerId: number, name: string): Promise<void> {
  await tx.query(`UPDATE customers SET name = $2, updated_at = now() WHERE id = $1`, [customerId, name]);
}

/** 过户: the account of a service point (with its service points) passes to a new customer. */
export async function transferAccount(
  tx: Queryable,
  servicePointId: number,
  to: { name: string; kind: 'person' | 'organisation'; phone: string | null },
): Promise<{ customerId: number }> {
  const sp = (await tx.query(`SELECT account_id, org_unit_id FROM service_points WHERE id = $1`, [servicePointId])).rows[0];
  const customerId = (
    await tx.query(`INSERT INTO customers (org_unit_id, name, kind, phone) VALUES ($1, $2, $3, $4) RETURNING id`, [sp.org_unit_id, to.name, to.kind, to.phone])
  ).rows[0].id as number;
  await tx.query(`UPDATE customer_accounts SET customer_id = $2 WHERE id = $1`, [sp.account_id, customerId]);
  await tx.query(`UPDATE service_points SET customer_id = $2 WHERE account_id = $1`, [sp.account_id, customerId]);
  return { customerId };
}

/** 销户: the account is closed (its service points and meters stay on record; nothing bills it any more). */
export async function closeAccount(tx: Queryable, accountId: number): Promise<void> {
  await tx.query(`UPDATE customer_accounts SET status = 'closed' WHERE id = $1`, [accountId]);
}
