/** SQL of the connection tables: rows ⇄ objects, visibility, events. Only this module's files use it. */
import type { Queryable } from '../../db/pool.js';
import { notFound } from '../../platform/errors.js';
import type { OrderEvent } from '../../platform/sla/policy-types.js';
import type { Principal } from '../identity/index.js';
import type { ConnectionPolicy } from './policy.js';
import type { Channel, CustomerClass, Industry, Initiator, Kind, Stage } from './stage-rules.js';
import type { RequestDetails } from './schemas.js';

export interface AppRow {
  id: number;
  appNo: string;
  kind: Kind;
  customerClass: CustomerClass;
  channel: Channel;
  /** who started it: the customer, or the company (a 销户 case) */
  initiator: Initiator;
  stage: Stage;
  status: 'open' | 'archived' | 'cancelled';
  customerWait: boolean;
  waitReason: string | null;
  waitSince: Date | null;
  orgUnitId: number;
  orgPath: string;
  policySet: string;
  policyVersion: number;
  receivedAt: Date;
  applicantName: string;
  applicantPhone: string;
  legalEntity: boolean;
  industry: Industry;
  highEnergy: boolean;
  address: string;
  voltageKv: number;
  requestedKva: number;
  existingKva: number;
  longTermKva: number | null;
  annualKwh: number;
  important: boolean;
  highRisk: boolean;
  ownGeneration: boolean;
  dedicatedLine: boolean;
  customerId: number | null;
  servicePointId: number | null;
  portalUserId: number | null;
  details: RequestDetails;
  plan: StoredPlan | null;
  customerChoices: Record<string, string>;
  feeItems: { code: string; quantity: number; amountFen: number }[];
  missingNoticeAt: Date | null;
  powerOnAt: Date | null;
  createdBy: number | null;
}

export interface StoredPlan {
  transformerId: number | null;
  supplyMode: string;
  newTransformer: import('./supply-plan-rules.js').NewTransformer | null;
  dedicatedLine: import('./large-customer-rules.js').DedicatedLineFacts | null;
  overrides: { check: string; reason: string; by: string }[];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toApp(r: Record<string, any>): AppRow {
  return {
    id: r.id,
    appNo: r.app_no,
    kind: r.kind,
    customerClass: r.customer_class,
    channel: r.channel,
    initiator: r.initiator,
    stage: r.stage,
    status: r.status,
    customerWait: r.customer_wait,
    waitReason: r.wait_reason,
    waitSince: r.wait_since,
    orgUnitId: r.org_unit_id,
    orgPath: r.org_path,
    policySet: r.policy_set,
    policyVersion: r.policy_version,
    receivedAt: r.received_at,
    applicantName: r.applicant_name,
    applicantPhone: r.applicant_phone,
    legalEntity: r.legal_entity,
    industry: r.industry,
    highEnergy: r.high_energy,
    address: r.address,
    voltageKv: Number(r.voltage_kv),
    requestedKva: Number(r.requested_kva),
    existingKva: Number(r.existing_kva),
    longTermKva: num(r.long_term_kva),
    annualKwh: Number(r.annual_kwh),
    important: r.important,
    highRisk: r.high_risk,
    ownGeneration: r.own_generation,
    dedicatedLine: r.dedicated_line,
    customerId: r.customer_id,
    servicePointId: r.service_point_id,
    portalUserId: r.portal_user_id,
    details: r.details ?? {},
    plan: r.plan,
    customerChoices: r.customer_choices ?? {},
    feeItems: r.fee_items ?? [],
    missingNoticeAt: r.missing_notice_at,
    powerOnAt: r.power_on_at,
    createdBy: r.created_by,
  };
}

/** The visibility condition: staff see their org subtree; a customer sees their own applications. */
export function scopeSql(p: Principal, firstParam: number): { sql: string; params: unknown[] } {
  if (p.role === 'customer')
    return {
      sql: `(a.portal_user_id = $${firstParam} OR (a.customer_id IS NOT NULL AND a.customer_id = $${firstParam + 1}))`,
      params: [p.id, p.customerId ?? -1],
    };
  return { sql: `a.org_path LIKE $${firstParam} || '%'`, params: [p.orgPath] };
}

/** The application if the principal may see it (optionally locked for update); 404 otherwise. */
export async function findVisible(db: Queryable, p: Principal, id: number, lock = false): Promise<AppRow> {
  const s = scopeSql(p, 2);
  const { rows } = await db.query(`SELECT a.* FROM connection_applications a WHERE a.id = $1 AND ${s.sql}${lock ? ' FOR UPDATE' : ''}`, [id, ...s.params]);
  if (!rows[0]) throw notFound('Connection application', '业扩申请');
  return toApp(rows[0]);
}

export interface EventRow extends OrderEvent {
  id: number;
  stage: string;
  actorName: string | null;
  note: string | null;
  data: unknown;
}

export async function eventsOf(db: Queryable, ids: readonly number[]): Promise<Map<number, EventRow[]>> {
  const out = new Map<number, EventRow[]>(ids.map((i) => [i, []]));
  if (ids.length === 0) return out;
  const { rows } = await db.query(`SELECT * FROM connection_events WHERE application_id = ANY($1::bigint[]) ORDER BY application_id, at, id`, [ids]);
  for (const r of rows)
    out
      .get(r.application_id)!
      .push({ id: r.id, at: r.at, action: r.action, state: r.state, stage: r.stage, actorName: r.actor_name, note: r.note, data: r.data });
  return out;
}

export async function addEvent(
  db: Queryable,
  e: {
    applicationId: number;
    at: Date;
    action: string;
    state: string;
    stage: string;
    actorId: number | null;
    actorName: string | null;
    note?: string | null;
    data?: unknown;
  },
) {
  await db.query(
    `INSERT INTO connection_events (application_id, at, action, state, stage, actor_id, actor_name, note, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [e.applicationId, e.at, e.action, e.state, e.stage, e.actorId, e.actorName, e.note ?? null, e.data === undefined ? null : JSON.stringify(e.data)],
  );
}

export interface DocRow {
  id: number;
  kind: string;
  filename: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  validUntil: string | null;
  uploadedAt: string;
  checkedBy: string | null;
  checkedAt: string | null;
}

export async function documentsOf(db: Queryable, ids: readonly number[]): Promise<Map<number, DocRow[]>> {
  const out = new Map<number, DocRow[]>(ids.map((i) => [i, []]));
  if (ids.length === 0) return out;
  const { rows } = await db.query(
    `SELECT *, to_char(valid_until, 'YYYY-MM-DD') AS valid_until_s FROM connection_documents WHERE application_id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
  for (const r of rows)
    out.get(r.application_id)!.push({
      id: r.id,
      kind: r.kind,
      filename: r.filename,
      mime: r.mime,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
      validUntil: r.valid_until_s,
      uploadedAt: r.uploaded_at.toISOString(),
      checkedBy: r.checked_by_name,
      checkedAt: r.checked_at ? r.checked_at.toISOString() : null,
    });
  return out;
}

/** The plan's transformer as the network model names it (network's published view), or null. */
export async function transformerOf(
  db: Queryable,
  id: number | null | undefined,
): Promise<{ id: number; code: string; name: string; ratedKva: number | null } | null> {
  if (id === null || id === undefined) return null;
  const r = (await db.query(`SELECT id, code, name, rated_kva FROM pub_network_devices WHERE id = $1`, [id])).rows[0];
  return r ? { id: Number(r.id), code: r.code, name: r.name, ratedKva: r.rated_kva === null ? null : Number(r.rated_kva) } : null;
}

export async function reviewsOf(db: Queryable, id: number) {
  const { rows } = await db.query(`SELECT * FROM connection_reviews WHERE application_id = $1 ORDER BY at, id`, [id]);
  return rows.map((r) => ({
    id: r.id as number,
    level: r.level as 'first' | 'joint',
    decision: r.decision as 'approved' | 'rejected',
    participants: r.participants as string,
    note: r.note as string | null,
    reviewerName: r.reviewer_name as string | null,
    at: (r.at as Date).toISOString(),
  }));
}

export async function agreementsOf(db: Queryable, id: number) {
  const { rows } = await db.query(`SELECT *, to_char(signed_on, 'YYYY-MM-DD') AS signed_s FROM connection_agreements WHERE application_id = $1 ORDER BY id`, [
    id,
  ]);
  return rows.map((r) => ({
    id: r.id as number,
    kind: r.kind as string,
    refNo: r.ref_no as string,
    signedOn: r.signed_s as string,
    recordedAt: (r.recorded_at as Date).toISOString(),
  }));
}

export async function currentPolicy(db: Queryable): Promise<{ version: number; data: ConnectionPolicy; createdAt: Date }> {
  const { rows } = await db.query(`SELECT version, data, created_at FROM connection_policies ORDER BY version DESC LIMIT 1`);
  if (!rows[0]) throw new Error('connection policy missing: ensureConnectionDefaults was not run');
  return { version: rows[0].version, data: rows[0].data, createdAt: rows[0].created_at };
}

export async function policyVersion(db: Queryable, version: number): Promise<ConnectionPolicy> {
  const { rows } = await db.query(`SELECT data FROM connection_policies WHERE version = $1`, [version]);
  return rows[0].data;
}

/** Every policy version, by number (a handful), for lists whose applications were received under different versions. */
export async function allPolicyVersions(db: Queryable): Promise<Map<number, ConnectionPolicy>> {
  const { rows } = await db.query(`SELECT version, data FROM connection_policies`);
  return new Map(rows.map((r) => [r.version as number, r.data as ConnectionPolicy]));
}

/** Past pauses of a service point (from executed pause applications), for the pause rules. */
export async function pausesOf(db: Queryable, servicePointId: number): Promise<{ startsOn: string; endsOn: string }[]> {
  const { rows } = await db.query(
    `SELECT to_char(starts_on, 'YYYY-MM-DD') AS s, to_char(ends_on, 'YYYY-MM-DD') AS e FROM connection_capacity_events WHERE service_point_id = $1 AND kind = 'pause' ORDER BY starts_on`,
    [servicePointId],
  );
  return rows.map((r) => ({ startsOn: r.s, endsOn: r.e }));
}
