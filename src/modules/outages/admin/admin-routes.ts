/**
 * Supervision and administration of outages: repeat-fault flags (list, acknowledge), policies
 * (read, add a version), and placing an unplaced call on the network by hand.
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { DomainError, badField, conflict, notFound } from '../../../platform/errors.js';
import { Body, IdParams, Paging, Query, Id } from '../../../http/schemas.js';
import { withTx } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf } from '../../identity/index.js';
import { callAnswer } from '../calls/call-intake.js';
import { outageServices } from '../grouping/outage-services.js';
import { checkPolicy, POLICY_NAMES, type OutagePolicyName } from './policy-checks.js';
import { savePolicy } from './policy-store.js';
import type { Territory } from '../../../platform/geo/geo.js';
import { forgetTerritory, saveTerritory, serviceTerritory } from '../../../platform/geo/territory.js';

export function registerOutageAdminRoutes(app: FastifyInstance, { db }: AppContext) {
  const svc = outageServices(db);

  app.get('/api/outages/repeat-faults', {
    config: { permission: 'outages.read' },
    schema: { tags: ['outages'], querystring: Query({ open: Type.Optional(Type.Boolean()), ...Paging }) },
  }, async (req) => {
    const q = req.query as { open?: boolean; limit: number; offset: number };
    const { rows } = await db.query(
      `SELECT f.*, CASE WHEN f.key_kind = 'device' THEN d.name ELSE sp.address END AS label
         FROM repeat_fault_flags f LEFT JOIN network_devices d ON f.key_kind = 'device' AND d.id = f.key_id LEFT JOIN service_points sp ON f.key_kind = 'service_point' AND sp.id = f.key_id
        WHERE f.org_path LIKE $1 || '%' AND ($2::bool IS NOT TRUE OR f.acknowledged_at IS NULL) ORDER BY f.flagged_at DESC LIMIT $3 OFFSET $4`,
      [principal(req).orgPath, q.open ?? true, q.limit, q.offset],
    );
    return rows.map((r) => ({ id: r.id, keyKind: r.key_kind, keyId: r.key_id, label: r.label, outageId: r.outage_id, faultsInWindow: r.faults_in_window, windowDays: r.window_days, flaggedAt: r.flagged_at, acknowledgedAt: r.acknowledged_at }));
  });

  app.post('/api/outages/repeat-faults/:id/acknowledge', { config: { permission: 'outages.supervise' }, schema: { tags: ['outages'], params: IdParams } }, async (req) => {
    const p = principal(req);
    const id = (req.params as { id: number }).id;
    return withTx(db, async (tx) => {
      const { rows } = await tx.query('SELECT * FROM repeat_fault_flags WHERE id = $1 AND org_path LIKE $2 || \'%\' FOR UPDATE', [id, p.orgPath]);
      if (!rows[0]) throw notFound('Repeat-fault flag', '重复故障标记');
      if (rows[0].acknowledged_at) throw conflict('已确认过', 'already acknowledged', { reason: 'already_acknowledged' });
      await tx.query('UPDATE repeat_fault_flags SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1', [id, p.id]);
      await recordAudit(tx, actorOf(p), { action: 'repeat_fault.acknowledge', entity: 'repeat_fault_flag', entityId: id, orgUnitId: rows[0].org_unit_id, after: { acknowledged: true } });
      return { id, acknowledged: true };
    });
  });

  app.get('/api/outages/policies', { config: { permission: 'outages.read' }, schema: { tags: ['outages'] } }, async () => {
    const { rows } = await db.query(`SELECT DISTINCT ON (name) name, version, valid_from, data, source FROM outage_policies WHERE valid_from <= now() ORDER BY name, valid_from DESC, version DESC`);
    // crew_position shows the territory its reports are held to: the platform's service territory (migration 307 moved it there)
    const territory = await serviceTerritory(db, 0);
    return rows.map((r) => ({ name: r.name, version: r.version, validFrom: r.valid_from, data: r.name === 'crew_position' ? { ...r.data, territory } : r.data, source: r.source }));
  });

  app.put('/api/outages/policies/:name', {
    config: { permission: 'outages.admin' },
    schema: { tags: ['outages'], params: Type.Object({ name: Type.String({ enum: [...POLICY_NAMES] }) }, { additionalProperties: false }), body: Body({ data: Type.Object({}, { additionalProperties: true }), validFrom: Type.Optional(Type.String({ format: 'date-time' })) }) },
  }, async (req) => {
    const name = (req.params as { name: OutagePolicyName }).name;
    const b = req.body as { data: Record<string, unknown>; validFrom?: string };
    const problems = checkPolicy(name, b.data);
    if (problems.length > 0) {
      throw new DomainError('invalid', 'VALIDATION_FAILED', `策略有 ${problems.length} 处错误`, `the policy has ${problems.length} problems`,
        problems.map((x) => ({ field: `data.${x.field}`, rule: x.rule, message: x.zh, messageEn: x.en })));
    }
    const validFrom = b.validFrom ? new Date(b.validFrom) : new Date();
    // the territory is the platform's now and is not versioned: it applies when saved, so it cannot be scheduled
    if (name === 'crew_position' && b.data.territory !== undefined && validFrom.getTime() > Date.now() + 60_000) {
      throw badField('body.validFrom', 'territory_applies_now', '辖区保存即生效，不能预约生效时间（请用 PUT /api/territory）', 'the territory applies when saved and cannot be scheduled (use PUT /api/territory)');
    }
    const version = await withTx(db, async (tx) => {
      // the daily reliability rollup is built with the momentary limit and day offset: rebuild it for a policy in force now
      if (name === 'reliability' && validFrom.getTime() <= Date.now()) await tx.query('SELECT reliability_rollup_rebuild($1, $2)', [b.data.momentaryMaxMinutes, b.data.utcOffsetMinutes]);
      if (name !== 'crew_position' || b.data.territory === undefined) return savePolicy(tx, actorOf(principal(req)), name, b.data, validFrom);
      // an older client sends the territory with crew_position: it is the platform's setting now, saved there (audited
      // as territory.update, applies at once, not versioned); the policy version keeps the other fields
      const { territory, ...rest } = b.data;
      await saveTerritory(tx, actorOf(principal(req)), territory as Territory);
      return savePolicy(tx, actorOf(principal(req)), name, rest, validFrom);
    });
    if (name === 'crew_position') forgetTerritory(db);
    return { name, version };
  });

  app.post('/api/outages/calls/:id/place', {
    config: { permission: 'outages.write' },
    schema: { tags: ['outages'], params: IdParams, body: Body({ transformerId: Id }) },
  }, async (req) => {
    const p = principal(req);
    const id = (req.params as { id: number }).id;
    const t = (req.body as { transformerId: number }).transformerId;
    await withTx(db, async (tx) => {
      const { rows } = await tx.query(`SELECT c.* FROM outage_calls c JOIN org_units ou ON ou.id = c.org_unit_id WHERE c.id = $1 AND ou.path LIKE $2 || '%' FOR UPDATE OF c`, [id, p.orgPath]);
      if (!rows[0]) throw notFound('Call', '报修来电');
      if (rows[0].status !== 'unplaced') throw conflict('该来电已定位', 'the call is already placed', { reason: 'not_unplaced' });
      const dev = await tx.query(`SELECT 1 FROM network_devices d JOIN org_units ou ON ou.id = d.org_unit_id WHERE d.id = $1 AND d.kind = 'transformer' AND ou.path LIKE $2 || '%'`, [t, p.orgPath]);
      if (!dev.rowCount) throw badField('transformerId', 'exists', '配变不存在或不在管辖范围内', 'transformer does not exist or is outside your scope');
      await tx.query(`UPDATE outage_calls SET transformer_id = $2, status = 'pending' WHERE id = $1`, [id, t]);
      await recordAudit(tx, actorOf(p), { action: 'outage_call.place', entity: 'outage_call', entityId: id, orgUnitId: rows[0].org_unit_id, before: { status: 'unplaced' }, after: { transformerId: t } });
    });
    await svc.runner.runWithin(svc.host.currentPolicy()?.answerWaitMs, (e) => req.log.error(e));
    return callAnswer(db, id);
  });
}
