/**
 * The reads of intake, grouped: for every order arriving at the same moment, one statement
 * finds where it belongs (its service point, or its customer, or for an anonymous caller the
 * accepting unit: unit, area type, customer class, importance, address, coordinates and the
 * customer's contact preferences), its duplicates (open orders of the same customer, service
 * point or phone within the window, visible to the caller) and whether a cited knowledge article
 * exists. One round trip per batch instead of two or three per order (see Batcher). The
 * duplicates are those findDuplicates (duplicates.ts, behind GET /api/workorders/duplicates)
 * answers for the same keys and caller; intake-reader.api.test.ts holds the two together.
 */
import { aloneOnFailure, Batcher, type BatchStats } from '../../../db/batcher.js';
import { prepared, type Db } from '../../../db/pool.js';
import type { Principal } from '../../identity/index.js';
import { articleInForceSql } from '../../knowledge/index.js';
import { inRowOrgScope, orgUnitField } from '../../orgs/index.js';
import { OPEN_STATES } from '../lifecycle/lifecycle-rules.js';
import { PREFS_COLUMNS, PREFS_JOIN } from '../notify/notify.js';
import type { DuplicateOrder } from '../schemas.js';

export interface IntakeReadRequest {
  principal: Principal;
  /** the customer the order is for (a portal user's own), or null */
  customerId: number | null;
  servicePointId: number | null;
  phone: string | null;
  kbArticleId: number | null;
  windowHours: number;
}

/** Where the order belongs: the columns of the placement queries (null when not found in scope). */
export interface PlacementRow {
  branch: 'service_point' | 'customer' | 'anonymous';
  customer_id: number | null;
  org_unit_id: number;
  customer_class: string | null;
  important: boolean | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  path: string;
  area_type: string;
  [prefs: string]: unknown;
}

export type { DuplicateOrder };

export interface IntakeReadResult {
  placement: PlacementRow | null;
  duplicates: DuplicateOrder[];
  kbExists: boolean;
}

const NULL_PREFS = 'NULL::text AS c_email, NULL::boolean AS np_sms, NULL::boolean AS np_email, NULL::text AS np_qs, NULL::text AS np_qe';

const READ_SQL = `
  SELECT r.i, pl.*, (r.kb IS NULL OR ${articleInForceSql('r.kb')}) AS kb_exists, d.items AS duplicates
    FROM jsonb_to_recordset($1::jsonb) AS r(i int, sp bigint, cust bigint, org bigint, scope text, portal bigint, path text, uid bigint, dcust bigint, dsp bigint, dphone text, hours int, kb bigint)
    LEFT JOIN LATERAL (
      SELECT 'service_point' AS branch, sp.customer_id, sp.org_unit_id, sp.customer_class, sp.important, sp.address, sp.lon, sp.lat,
             ${orgUnitField('sp.org_unit_id', 'path')} AS path, ${orgUnitField('sp.org_unit_id', 'area_type')} AS area_type, ${PREFS_COLUMNS}
        FROM pub_service_points sp JOIN pub_customers c ON c.id = sp.customer_id ${PREFS_JOIN}
       WHERE r.sp IS NOT NULL AND sp.id = r.sp AND ${inRowOrgScope('sp.org_unit_id', 'r.scope')}
      UNION ALL
      SELECT 'customer', c.id, c.org_unit_id,
             (SELECT min(customer_class) FROM pub_service_points WHERE customer_id = c.id),
             (SELECT bool_or(important) FROM pub_service_points WHERE customer_id = c.id),
             NULL::text, NULL::double precision, NULL::double precision,
             ${orgUnitField('c.org_unit_id', 'path')}, ${orgUnitField('c.org_unit_id', 'area_type')}, ${PREFS_COLUMNS}
        FROM pub_customers c ${PREFS_JOIN}
       WHERE r.sp IS NULL AND r.cust IS NOT NULL AND c.id = r.cust AND ${inRowOrgScope('c.org_unit_id', 'r.scope')}
      UNION ALL
      SELECT 'anonymous', NULL::bigint, r.org, NULL::text, false, NULL::text, NULL::double precision, NULL::double precision,
             ${orgUnitField('r.org', 'path')}, ${orgUnitField('r.org', 'area_type')}, ${NULL_PREFS}
       WHERE r.sp IS NULL AND r.cust IS NULL AND ${orgUnitField('r.org', 'path')} IS NOT NULL -- the unit exists
    ) pl ON true
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('id', x.id, 'orderNo', x.order_no, 'orderType', x.order_type, 'subtype', x.subtype, 'status', x.status,
                                          'receivedAt', x.received_at, 'title', x.title, 'orgUnitId', x.org_unit_id) ORDER BY x.received_at DESC) AS items
        FROM (SELECT w.id, w.order_no, w.order_type, w.subtype, w.status, w.received_at, w.title, w.org_unit_id
                FROM work_orders w
               WHERE (CASE WHEN r.portal IS NOT NULL THEN w.customer_id = r.portal ELSE (w.org_path LIKE r.path || '%' OR w.owner_id = r.uid) END)
                 AND w.status = ANY($2::text[]) AND w.received_at >= now() - make_interval(hours => r.hours)
                 AND (w.customer_id = r.dcust OR w.service_point_id = r.dsp OR w.caller_phone = r.dphone)
               ORDER BY w.received_at DESC LIMIT 20) x
    ) d ON true
   ORDER BY r.i`;

/** One request as the statement's input row (the same scoping as placement and findDuplicates). */
export function readRow(q: IntakeReadRequest, i: number) {
  const p = q.principal;
  const portal = p.role === 'customer';
  return {
    i,
    sp: q.servicePointId,
    cust: q.customerId,
    org: p.orgUnitId,
    scope: portal ? '/' : p.orgPath,
    portal: portal ? (p.customerId ?? -1) : null,
    path: p.orgPath,
    uid: p.kind === 'user' ? p.id : -1,
    dcust: q.customerId || null,
    dsp: q.servicePointId || null,
    dphone: q.phone || null,
    hours: q.windowHours,
    kb: q.kbArticleId,
  };
}

async function readGroup(db: Db, items: IntakeReadRequest[]): Promise<IntakeReadResult[]> {
  const { rows } = await db.query(prepared(READ_SQL, [JSON.stringify(items.map(readRow)), OPEN_STATES]));
  const byRequest = new Map(rows.map((r) => [r.i as number, r]));
  return items.map((_, i) => {
    const r = byRequest.get(i);
    if (!r) throw new Error(`intake read: no answer for request ${i} of ${items.length}`);
    const { i: _i, kb_exists, duplicates, ...placement } = r as Record<string, unknown>;
    return {
      placement: placement.branch ? (placement as unknown as PlacementRow) : null,
      kbExists: kb_exists as boolean,
      duplicates: ((duplicates as (Omit<DuplicateOrder, 'receivedAt'> & { receivedAt: string })[] | null) ?? []).map((d) => ({
        ...d,
        receivedAt: new Date(d.receivedAt),
      })),
    };
  });
}

const readers = new WeakMap<Db, Batcher<IntakeReadRequest, IntakeReadResult>>();
function reader(db: Db): Batcher<IntakeReadRequest, IntakeReadResult> {
  let b = readers.get(db);
  if (!b) readers.set(db, (b = new Batcher(aloneOnFailure((items: IntakeReadRequest[]) => readGroup(db, items)))));
  return b;
}

/** The reads of one intake; requests arriving together share one statement. */
export function readForIntake(db: Db, q: IntakeReadRequest): Promise<IntakeReadResult> {
  return reader(db).submit(q);
}

export function intakeReadStats(db: Db): BatchStats {
  return reader(db).stats();
}
