/** HTTP for outages: trouble calls in, the outage list/detail, lifecycle actions, regrouping, the public page. */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { badField } from '../../../platform/errors.js';
import { Body, IdParams, Paging, Query, Text, Id } from '../../../http/schemas.js';
import { actorOf } from '../../identity/index.js';
import { callAnswer } from '../calls/call-intake.js';
import { actOnOutage, type ActionInput } from './outage-actions.js';
import { listOutages, outageDetail, publicOutages } from './outage-queries.js';
import { regroup } from '../grouping/outage-regroup.js';
import { outageServices } from '../grouping/outage-services.js';
import { followOutageStep, receiveFaultOrder } from '../workflows/linked-orders.js';
import { CHANNELS, URGENCIES } from '../../workorders/index.js';
import { LocationBody } from '../../workorders/index.js';
import { Phone } from '../../../http/schemas.js';
import { suggestCrews } from '../../crews/index.js';
import { loadOutage } from './outage-state.js';

const When = Type.String({ format: 'date-time' });
const MAX_SKEW_MS = 120_000;

const ACTIONS: Record<string, { type: ActionInput['type']; permission: 'outages.write' | 'outages.field'; body: Record<string, unknown> }> = {
  confirm: { type: 'confirm', permission: 'outages.write', body: { etr: Type.Optional(When) } },
  etr: { type: 'set_etr', permission: 'outages.write', body: { etr: When } },
  assign: { type: 'assign_crew', permission: 'outages.write', body: { crewId: Id } },
  accept: { type: 'accept_assignment', permission: 'outages.field', body: {} },
  decline: { type: 'decline_assignment', permission: 'outages.field', body: { reason: Text(500) } },
  depart: { type: 'depart', permission: 'outages.field', body: {} },
  arrive: { type: 'arrive', permission: 'outages.field', body: {} },
  restore: {
    type: 'restore', permission: 'outages.field',
    body: { deviceId: Type.Optional(Id), causeClass: Type.Optional(Text(40)), causeNote: Type.Optional(Text(500, 0)), customerSide: Type.Optional(Type.Boolean()) },
  },
  'confirm-restoration': { type: 'confirm_restoration', permission: 'outages.write', body: { source: Type.Union([Type.Literal('callback'), Type.Literal('meter')]) } },
  close: { type: 'close', permission: 'outages.write', body: {} },
  cancel: { type: 'cancel', permission: 'outages.write', body: {} },
};

export function registerOutageRoutes(app: FastifyInstance, { db }: AppContext) {
  const svc = outageServices(db);

  app.post('/api/outages/calls', {
    config: { permission: 'workorders.create' },
    schema: { tags: ['outages'], body: Body({ servicePointId: Type.Optional(Id), transformerId: Type.Optional(Id), orderId: Type.Optional(Id), at: Type.Optional(When), note: Type.Optional(Text(500, 0)) }) },
  }, async (req, reply) => {
    const p = principal(req);
    const b = req.body as { servicePointId?: number; transformerId?: number; orderId?: number; at?: string; note?: string };
    const at = b.at ? new Date(b.at) : new Date();
    if (at.getTime() > Date.now() + MAX_SKEW_MS) throw badField('at', 'future', '时间不能晚于当前', 'time cannot be in the future');
    const placed = await svc.intake.submit({ ...b, at }, actorOf(p));
    await svc.runner.runWithin(svc.host.currentPolicy()?.answerWaitMs, (e) => req.log.error(e));
    return reply.status(201).send(await callAnswer(db, placed.callId));
  });

  app.post('/api/outages/fault-orders', {
    config: { permission: 'workorders.create' },
    schema: {
      tags: ['outages'],
      body: Body({
        channel: Type.String({ enum: Object.keys(CHANNELS) }), servicePointId: Type.Optional(Id), customerId: Type.Optional(Id), receivedAt: Type.Optional(When),
        urgency: Type.Optional(Type.String({ enum: [...URGENCIES] })), callerPhone: Type.Optional(Phone), callerName: Type.Optional(Text(40)),
        address: Type.Optional(Text(200)), title: Type.Optional(Text(80)), description: Text(2000), location: Type.Optional(LocationBody),
      }),
    },
  }, async (req, reply) => {
    const r = await receiveFaultOrder(db, svc, principal(req), req.body as never, (req.headers['idempotency-key'] as string | undefined) ?? null);
    return reply.status(r.replayed ? 200 : 201).send(r);
  });

  app.get('/api/outages/calls/unplaced', { config: { permission: 'outages.read' }, schema: { tags: ['outages'], querystring: Query(Paging) } }, async (req) => {
    const q = req.query as { limit: number; offset: number };
    const { rows } = await db.query(
      `SELECT c.id, c.service_point_id, c.order_id, c.received_at, c.note, c.spot_lon, c.spot_lat, coalesce(sp.address, wo.address, wo.location_text) AS address
         FROM outage_calls c JOIN org_units ou ON ou.id = c.org_unit_id LEFT JOIN work_orders wo ON wo.id = c.order_id
         LEFT JOIN service_points sp ON sp.id = c.service_point_id
        WHERE c.status = 'unplaced' AND ou.path LIKE $1 || '%' ORDER BY c.received_at DESC LIMIT $2 OFFSET $3`,
      [principal(req).orgPath, q.limit, q.offset],
    );
    // spot: where a fault reported without a service point was seen (no transformer near enough)
    return rows.map((r) => ({ id: r.id, servicePointId: r.service_point_id, orderId: r.order_id, receivedAt: r.received_at, note: r.note, address: r.address,
      spot: r.spot_lon === null ? null : { lon: r.spot_lon, lat: r.spot_lat } }));
  });

  app.get('/api/outages', {
    config: { permission: 'outages.read' },
    schema: { tags: ['outages'], querystring: Query({ status: Type.Optional(Type.String({ enum: ['active', 'all', 'predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site', 'restored', 'closed', 'cancelled', 'merged', 'withdrawn'] })), ...Paging }) },
  }, async (req) => listOutages(db, principal(req), req.query as never));

  app.get('/api/outages/:id', { config: { permission: 'outages.read' }, schema: { tags: ['outages'], params: IdParams } }, async (req) =>
    outageDetail(db, principal(req), (req.params as { id: number }).id));

  for (const [path, a] of Object.entries(ACTIONS)) {
    app.post(`/api/outages/:id/${path}`, {
      config: { permission: a.permission },
      schema: { tags: ['outages'], params: IdParams, body: Body({ ...(a.body as Record<string, never>), at: Type.Optional(When) }) },
    }, async (req) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const type = a.type === 'restore' && b.deviceId !== undefined ? 'restore_partial' : a.type;
      const input: ActionInput = {
        ...(b as object), type,
        at: b.at ? new Date(b.at as string) : undefined,
        etr: b.etr ? new Date(b.etr as string) : undefined,
        reason: typeof b.reason === 'string' ? b.reason.trim() : undefined,
      };
      const id = (req.params as { id: number }).id;
      const after = await actOnOutage(svc.host, principal(req), id, input);
      const crewOrg = type === 'assign_crew' ? ((await db.query('SELECT org_unit_id FROM crews WHERE id = $1', [after.crew_id])).rows[0]?.org_unit_id ?? null) : null;
      await followOutageStep(db, principal(req), id, type, crewOrg, input.causeNote);
      return outageDetail(db, principal(req), id);
    });
  }

  app.get('/api/outages/:id/dispatch-suggestions', { config: { permission: 'outages.read' }, schema: { tags: ['outages'], params: IdParams } }, async (req) => {
    const p = principal(req);
    const o = await loadOutage(db, (req.params as { id: number }).id, p.orgPath);
    const d = (await db.query('SELECT kind, lon, lat FROM network_devices WHERE id = $1', [o.device_id])).rows[0];
    const declined = (await db.query('SELECT DISTINCT crew_id FROM outage_crew_declines WHERE outage_id = $1', [o.id])).rows.map((r) => Number(r.crew_id));
    return suggestCrews(db, p, { lon: d.lon, lat: d.lat, deviceKind: d.kind }, new Date(), undefined, new Set(declined));
  });

  app.post('/api/outages/:id/move', { config: { permission: 'outages.write' }, schema: { tags: ['outages'], params: IdParams, body: Body({ deviceId: Id }) } }, async (req) =>
    regroup(svc.host, principal(req), { type: 'move', outageId: (req.params as { id: number }).id, deviceId: (req.body as { deviceId: number }).deviceId }));

  app.post('/api/outages/:id/split', {
    config: { permission: 'outages.write' },
    schema: { tags: ['outages'], params: IdParams, body: Body({ deviceIds: Type.Array(Id, { minItems: 2, maxItems: 100 }) }) },
  }, async (req) => regroup(svc.host, principal(req), { type: 'split', outageId: (req.params as { id: number }).id, deviceIds: (req.body as { deviceIds: number[] }).deviceIds }));

  app.post('/api/outages/merge', {
    config: { permission: 'outages.write' },
    schema: { tags: ['outages'], body: Body({ outageIds: Type.Array(Id, { minItems: 2, maxItems: 100 }), deviceId: Type.Optional(Id) }) },
  }, async (req) => regroup(svc.host, principal(req), { type: 'merge', ...(req.body as { outageIds: number[]; deviceId?: number }) }));

  app.get('/api/public/outages', { config: { public: true }, schema: { tags: ['outages'] } }, async () => publicOutages(db));
}
