/** SQL for SLA policies and policy sets; rows ⇄ SlaPolicy. */
import type { Queryable } from '../../db/pool.js';
import type { ClockDef, PolicySet, SlaPolicy } from './policy-types.js';

interface PolicyRow {
  id: number;
  code: string;
  policy_set: string;
  version: number;
  order_type: string;
  subtype: string | null;
  channel: string | null;
  customer_class: string | null;
  area_type: string | null;
  valid_from: Date;
  valid_to: Date | null;
  clocks: ClockDef[];
  title: string | null;
  source: string | null;
}

export function rowToPolicy(r: PolicyRow): SlaPolicy {
  return {
    id: r.id,
    code: r.code,
    policySet: r.policy_set,
    version: r.version,
    match: { orderType: r.order_type, subtype: r.subtype, channel: r.channel, customerClass: r.customer_class, areaType: r.area_type },
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to ? r.valid_to.toISOString() : null,
    clocks: r.clocks,
    title: r.title ?? undefined,
    source: r.source ?? undefined,
  };
}

export async function loadPolicies(db: Queryable): Promise<SlaPolicy[]> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM sla_policies ORDER BY policy_set, code, version');
  return rows.map(rowToPolicy);
}

export async function loadPolicySets(db: Queryable): Promise<PolicySet[]> {
  const { rows } = await db.query<{ name: string; fallback: string | null; title: string | null }>(
    'SELECT name, fallback, title FROM sla_policy_sets ORDER BY name',
  );
  return rows.map((r) => ({ name: r.name, fallback: r.fallback, title: r.title ?? undefined }));
}

export async function insertPolicy(db: Queryable, p: SlaPolicy, createdBy: number | null): Promise<SlaPolicy> {
  const { rows } = await db.query<PolicyRow>(
    `INSERT INTO sla_policies (code, policy_set, version, order_type, subtype, channel, customer_class, area_type, valid_from, valid_to, clocks, title, source, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING *`,
    [
      p.code,
      p.policySet,
      p.version,
      p.match.orderType,
      p.match.subtype,
      p.match.channel,
      p.match.customerClass,
      p.match.areaType,
      p.validFrom,
      p.validTo,
      JSON.stringify(p.clocks),
      p.title ?? null,
      p.source ?? null,
      createdBy,
    ],
  );
  return rowToPolicy(rows[0]);
}

export async function updatePolicyValidity(db: Queryable, id: number, validTo: string | null): Promise<void> {
  await db.query('UPDATE sla_policies SET valid_to = $2 WHERE id = $1', [id, validTo]);
}

export async function insertPolicySets(db: Queryable, sets: readonly PolicySet[]): Promise<void> {
  // Insert without fallbacks first so a set may fall back to one listed after it.
  for (const s of sets) await db.query('INSERT INTO sla_policy_sets (name, title) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [s.name, s.title ?? null]);
  for (const s of sets) await db.query('UPDATE sla_policy_sets SET fallback = $2 WHERE name = $1', [s.name, s.fallback]);
}

/** One stored policy, locked for a change in the caller's transaction; null when there is none with that id. */
export async function lockPolicy(db: Queryable, id: number): Promise<SlaPolicy | null> {
  const { rows } = await db.query<PolicyRow>('SELECT * FROM sla_policies WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ? rowToPolicy(rows[0]) : null;
}

/** Saves the changeable parts of a stored policy (validity end, clocks, title, source); answers the stored policy. */
export async function updatePolicyTerms(db: Queryable, id: number, p: Pick<SlaPolicy, 'validTo' | 'clocks' | 'title' | 'source'>): Promise<SlaPolicy> {
  const { rows } = await db.query<PolicyRow>('UPDATE sla_policies SET valid_to = $2, clocks = $3, title = $4, source = $5 WHERE id = $1 RETURNING *', [
    id,
    p.validTo,
    JSON.stringify(p.clocks),
    p.title ?? null,
    p.source ?? null,
  ]);
  return rowToPolicy(rows[0]);
}
