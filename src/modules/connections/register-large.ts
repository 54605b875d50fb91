/**
 * The large-customer register: each application's customer classified (with the reasons) on the
 * capacity it will have once the application is carried out; recomputed whenever the application
 * or its capacity changes.
 */
import type { Queryable } from '../../db/pool.js';
import type { Principal } from '../identity/index.js';
import { capacityAfter, classifyLarge, powerFactorStandard } from './large-customer-rules.js';
import type { ConnectionPolicy } from './policy.js';
import type { AppRow } from './store.js';

export function largeOf(a: AppRow, policy: ConnectionPolicy) {
  const contractedKva = capacityAfter(a.kind, a.existingKva, a.requestedKva);
  const c = classifyLarge({ contractedKva, annualKwh: a.annualKwh, important: a.important, highRisk: a.highRisk }, policy.large);
  return { ...c, contractedKva, powerFactor: powerFactorStandard(a.customerClass, a.industry, contractedKva, policy.powerFactor) };
}

export async function refreshRegister(tx: Queryable, a: AppRow, policy: ConnectionPolicy) {
  const l = largeOf(a, policy);
  await tx.query(
    `INSERT INTO large_customer_register (application_id, customer_id, org_path, name, contracted_kva, annual_kwh, large, reasons, power_factor, computed_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9, now())
     ON CONFLICT (application_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, name = EXCLUDED.name, contracted_kva = EXCLUDED.contracted_kva,
       annual_kwh = EXCLUDED.annual_kwh, large = EXCLUDED.large, reasons = EXCLUDED.reasons, power_factor = EXCLUDED.power_factor, computed_at = now()`,
    [a.id, a.customerId, a.orgPath, a.applicantName, l.contractedKva, a.annualKwh, l.large, JSON.stringify(l.reasons), l.powerFactor],
  );
  return l;
}

export async function listRegister(db: Queryable, p: Principal, q: { all?: boolean; limit: number; offset: number }) {
  const where = `org_path LIKE $1 || '%'${q.all ? '' : ' AND large'}`;
  const [{ rows }, total] = await Promise.all([
    db.query(`SELECT * FROM large_customer_register WHERE ${where} ORDER BY contracted_kva DESC, application_id LIMIT $2 OFFSET $3`, [
      p.orgPath,
      q.limit,
      q.offset,
    ]),
    db.query(`SELECT count(*)::int AS n FROM large_customer_register WHERE ${where}`, [p.orgPath]),
  ]);
  return {
    items: rows.map((r) => ({
      applicationId: r.application_id,
      customerId: r.customer_id,
      name: r.name,
      contractedKva: Number(r.contracted_kva),
      annualKwh: Number(r.annual_kwh),
      large: r.large,
      reasons: r.reasons,
      powerFactor: r.power_factor === null ? null : Number(r.power_factor),
      computedAt: r.computed_at.toISOString(),
    })),
    total: total.rows[0].n as number,
  };
}
