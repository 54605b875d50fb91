/** Customer portal: submit (fault, complaint, consultation …), follow one's own orders, rate the service. */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../http/context.js';
import { principal } from '../../../http/auth.js';
import { Body, IdParams, Paging, Query } from '../../../http/schemas.js';
import { withTx } from '../../../db/pool.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { actorOf } from '../../identity/index.js';
import { badField, notFound } from '../../../platform/errors.js';
import { intakeOrder, type IntakeInput } from '../intake/intake.js';
import { listQueue } from '../queue/queue.js';
import { getOrderDetail } from '../orders/order-detail.js';
import { findVisibleOrder } from '../orders/order-store.js';
import { IdempotencyHeaders, IntakeBody } from './schemas.js';

const tags = ['portal'];

export function registerPortalRoutes(app: FastifyInstance, { db }: AppContext) {
  app.post('/api/portal/workorders', { config: { permission: 'portal.submit' }, schema: { tags, body: IntakeBody, headers: IdempotencyHeaders } }, async (req, reply) => {
    const r = await intakeOrder(db, principal(req), req.body as IntakeInput, (req.headers['idempotency-key'] as string | undefined) ?? null);
    return reply.status(r.replayed ? 200 : 201).send({ order: r.order });
  });
  app.get('/api/portal/workorders', { config: { permission: 'self.read' }, schema: { tags, querystring: Query({ ...Paging }) } }, async (req) => {
    const q = req.query as { limit: number; offset: number };
    return listQueue(db, principal(req), { view: 'all', sort: 'received', limit: q.limit, offset: q.offset });
  });
  app.get('/api/portal/workorders/:id', { config: { permission: 'self.read' }, schema: { tags, params: IdParams } }, async (req) => {
    const d = await getOrderDetail(db, principal(req), (req.params as { id: number }).id);
    return { order: d.order, timeline: d.timeline.map((e) => ({ at: e.at, action: e.action, toState: e.toState })) };
  });
  app.post('/api/portal/workorders/:id/rating', {
    config: { permission: 'portal.submit' },
    schema: { tags, params: IdParams, body: Body({ score: Type.Integer({ minimum: 1, maximum: 5 }) }) },
  }, async (req, reply) => {
    const p = principal(req);
    const id = (req.params as { id: number }).id;
    const score = (req.body as { score: number }).score;
    await withTx(db, async (tx) => {
      const o = await findVisibleOrder(tx, p, id);
      if (!o) throw notFound('Work order', '工单');
      if (!['handled', 'callback', 'closed'].includes(o.status)) throw badField('body.score', 'not_handled', '工单处理完毕后才能评价', 'the order can be rated once handled');
      const dup = await tx.query(`SELECT 1 FROM order_ratings WHERE order_id = $1 AND source = 'portal'`, [id]);
      if (dup.rowCount) throw badField('body.score', 'once', '已评价过', 'this order was already rated');
      await tx.query(`INSERT INTO order_ratings (order_id, source, score) VALUES ($1, 'portal', $2)`, [id, score]);
      await recordAudit(tx, actorOf(p), { action: 'workorder.rating', entity: 'work_order', entityId: id, orgUnitId: o.org_unit_id, after: { source: 'portal', score } });
    });
    return reply.status(201).send({ orderId: id, score });
  });
}
