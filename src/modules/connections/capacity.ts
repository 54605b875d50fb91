/**
 * Pause / reduction requests: validation ahead of an application (each refusal names its rule),
 * and the dated periods stored at execution, which billing reads through index.ts.
 */
import type { Db, Queryable } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import type { Principal } from '../identity/index.js';
import { servicePointFacts } from '../customers/index.js';
import { capacityChecks } from './capacity-checks.js';
import type { CapacityCheck } from './schemas.js';
import { currentPolicy } from './store.js';
import { localToday } from './view.js';

export async function validateCapacityRequest(db: Db, _p: Principal, input: CapacityCheck, now = new Date()) {
  const ctx = await getSlaContext(db);
  const sp = await servicePointFacts(db, input.servicePointId);
  if (!sp) throw badField('servicePointId', 'exists', '用电点不存在', 'no such service point');
  const policy = (await currentPolicy(db)).data;
  const problems = await capacityChecks(db, policy, {
    kind: input.kind,
    servicePointId: input.servicePointId,
    requestedOn: input.requestedOn ?? localToday(ctx, now),
    kva: input.kva ?? 0,
    contractedKva: sp.contractedKva,
    details: { startsOn: input.startsOn, endsOn: input.endsOn, restoreOn: input.restoreOn, transformers: input.transformers },
  });
  return { ok: problems.length === 0, problems };
}

export interface CapacityPeriod {
  id: number;
  applicationId: number;
  servicePointId: number;
  kind: string;
  startsOn: string;
  endsOn: string | null;
  kva: number;
}

/** For billing: the dated pause / reduction periods of service points (optionally from a date). */
export async function capacityPeriods(db: Queryable, q: { servicePointIds?: number[]; from?: string } = {}): Promise<CapacityPeriod[]> {
  const { rows } = await db.query(
    `SELECT id, application_id, service_point_id, kind, to_char(starts_on, 'YYYY-MM-DD') AS s, to_char(ends_on, 'YYYY-MM-DD') AS e, kva FROM connection_capacity_events
      WHERE ($1::bigint[] IS NULL OR service_point_id = ANY($1)) AND ($2::date IS NULL OR coalesce(ends_on, starts_on) >= $2) ORDER BY service_point_id, starts_on, id`,
    [q.servicePointIds ?? null, q.from ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    applicationId: r.application_id,
    servicePointId: r.service_point_id,
    kind: r.kind,
    startsOn: r.s,
    endsOn: r.e,
    kva: Number(r.kva),
  }));
}
