/** Lifecycle use case: one action on one order by one person, with the action's own checks. */
import { withTx, type Db, type Tx } from '../../../db/pool.js';
import { countArticleUse } from '../../knowledge/index.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { enqueue, type OutboxMessage } from '../../../platform/outbox/outbox.js';
import { getSlaContext, type SlaContext } from '../../../platform/sla/sla-context.js';
import { DomainError, badField, forbidden, notFound } from '../../../platform/errors.js';
import { actorOf, allows, inScope, type Principal } from '../../identity/index.js';
import { findOrgUnit, inOrgScope } from '../../orgs/index.js';
import { actionPermission, ORDER_ACTIONS, type OrderAction } from './lifecycle-rules.js';
import { applyTransition, notAllowed, type TransitionOptions } from './apply-transition.js';
import { needsCallback, withinReopenWindow } from '../intake/intake-rules.js';
import { findVisibleOrder, loadEvents, type OrderRow } from '../orders/order-store.js';
import { customerMessages, webhookMessages } from '../notify/notify.js';
import { getSettings, type WorkorderSettings } from '../settings/settings.js';
import { liveClocks, orderView } from '../orders/order-view.js';
import type { TransitionBody } from '../schemas.js';

export type { TransitionBody };

const needText = (v: string | undefined, field: string, zh: string) => {
  if (!v || !v.trim()) throw badField(`body.${field}`, 'required', zh, `is required for this action`);
  return v.trim();
};

async function targetUnit(tx: Tx, p: Principal, body: TransitionBody): Promise<Record<string, unknown>> {
  if (body.orgUnitId === undefined) throw badField('body.orgUnitId', 'required', '派单须指定处理单位', 'is required to dispatch or transfer');
  const unit = await findOrgUnit(tx, body.orgUnitId);
  if (!unit || !unit.active || !inScope(p, unit.path))
    throw badField('body.orgUnitId', 'scope', '处理单位不存在或不在本单位范围内', 'org unit not found in your scope');
  const set: Record<string, unknown> = { org_unit_id: unit.id, org_path: unit.path, assignee_id: null };
  if (body.assigneeId !== undefined) {
    const u = await tx.query(`SELECT u.id FROM pub_users u WHERE u.id = $1 AND u.active AND ${inOrgScope('u.org_unit_id', '$2')} AND u.role <> 'customer'`, [
      body.assigneeId,
      unit.path,
    ]);
    if (!u.rowCount) throw badField('body.assigneeId', 'member', '处理人不属于该处理单位', 'assignee is not a member of that org unit');
    set.assignee_id = body.assigneeId;
  }
  return set;
}

/** Per-action checks and the columns each action sets. */
async function prepare(
  tx: Tx,
  p: Principal,
  o: OrderRow,
  action: OrderAction,
  body: TransitionBody,
  ctx: SlaContext,
  s: WorkorderSettings,
  now: Date,
): Promise<TransitionOptions> {
  const note = body.note ?? null;
  switch (action) {
    case 'dispatch':
    case 'transfer':
      return { note, set: await targetUnit(tx, p, body) };
    case 'start':
      return { note, set: o.assignee_id === null && p.kind === 'user' ? { assignee_id: p.id } : {} };
    case 'pause': {
      const reason = body.reason ?? '';
      const clocks = (o.clocks as { name: string; state: string }[]).filter((c) => c.state === 'running' || c.state === 'paused');
      const policy = ctx.policies.find((x) => x.id === o.policy_id);
      const pausing = policy?.clocks.filter((c) => c.pauseStates.includes(reason) && clocks.some((k) => k.name === c.name)) ?? [];
      if (clocks.length > 0 && pausing.length === 0 && ['waiting_customer', 'waiting_parts', 'waiting_third_party'].includes(reason)) {
        throw badField(
          'body.reason',
          'policy_does_not_pause',
          `时限策略不因「${reason}」暂停任何时钟`,
          `the SLA policy pauses no clock of this order for ${reason}`,
        );
      }
      return { note, ctx: { pauseReason: reason }, data: { reason } };
    }
    case 'handle':
      return { note, set: { result: needText(body.result, 'result', '须填写处理结果'), cause: body.cause ?? null, handled_at: now } };
    case 'return':
      return { note: needText(body.reason ?? body.note, 'reason', '退单须填写原因'), set: { assignee_id: null }, data: { reason: body.reason ?? body.note } };
    case 'suspend':
    case 'request_termination':
      return { note: needText(body.reason ?? body.note, 'reason', '须填写原因'), set: { held_from: o.status }, data: { reason: body.reason ?? body.note } };
    case 'resume':
      return { note, ctx: { returnTo: o.status === 'suspended' ? o.held_from : null }, set: o.status === 'suspended' ? { held_from: null } : {} };
    case 'reject_termination':
      return { note, ctx: { returnTo: o.held_from }, set: { held_from: null } };
    case 'approve_termination':
      return { note: needText(body.note ?? body.reason, 'note', '审批须填写意见'), set: { held_from: null, closed_at: now } };
    case 'close':
      if (o.status === 'callback')
        throw new DomainError(
          'conflict',
          'CALLBACK_PENDING',
          '回访中的工单须录入回访结果后关闭',
          'an order in callback closes by recording the callback result',
          [],
          { currentState: o.status, allowedActions: ['reopen'] },
        );
      return { note, set: { closed_at: now } };
    case 'close_on_spot': {
      if (o.order_type !== 'consultation')
        throw badField('body.action', 'consultation_only', '只有咨询工单可以当场办结', 'only consultations can be closed on the spot');
      const kb = body.kbArticleId ?? o.kb_article_id;
      if (kb === null || kb === undefined)
        throw badField('body.kbArticleId', 'required', '当场办结须注明答复所用的知识库文章', 'is required: the article that answered the question');
      if (!(await countArticleUse(tx, kb)))
        throw badField(
          'body.kbArticleId',
          'exists',
          '知识库文章不存在或未生效（草稿、已归档或已过有效期）',
          'knowledge article not found or not in force (a draft, archived or outside its validity)',
        );
      return { note, set: { kb_article_id: kb, result: body.result ?? '知识库答复', handled_at: now, closed_at: now } };
    }
    case 'reopen':
      if (o.status === 'closed' && !withinReopenWindow(o.closed_at, now, s.reopenWindowDays)) {
        throw badField('body.action', 'reopen_window', `工单关闭已超过 ${s.reopenWindowDays} 天，不能重启`, `closed more than ${s.reopenWindowDays} days ago`);
      }
      await tx.query(`UPDATE callbacks SET status = 'cancelled' WHERE order_id = $1 AND status = 'pending'`, [o.id]);
      return {
        note: needText(body.reason ?? body.note, 'reason', '重启须填写原因'),
        set: { reopen_count: o.reopen_count + 1, handled_at: null, closed_at: null },
      };
    case 'merge':
      throw badField('body.action', 'use_merge', '合并请使用合并接口', 'use POST /api/workorders/:id/merge');
    default:
      return { note };
  }
}

/** After 'handle': a callback task for all complaints and a sample of others; the order moves to 'callback'. */
export async function afterHandled(tx: Tx, ctx: SlaContext, p: Principal, o: OrderRow, s: WorkorderSettings, now: Date): Promise<OrderRow> {
  if (!needsCallback(o.order_type, o.id, s.callbackSamplePercent)) return o;
  await tx.query(`INSERT INTO callbacks (order_id, org_path, reason) VALUES ($1, $2, $3)`, [
    o.id,
    o.org_path,
    o.order_type === 'complaint' ? 'complaint' : 'sampled',
  ]);
  return applyTransition(
    tx,
    ctx,
    { ...actorOf(p), kind: 'system', name: 'callback-policy', id: null },
    o,
    'start_callback',
    { note: '按回访策略生成回访任务' },
    now,
  );
}

export async function transitionOrder(db: Db, p: Principal, id: number, body: TransitionBody, now = new Date()) {
  if (!(ORDER_ACTIONS as readonly string[]).includes(body.action))
    throw badField('body.action', 'enum', `应为 ${ORDER_ACTIONS.join(', ')} 之一`, `must be one of ${ORDER_ACTIONS.join(', ')}`);
  const action = body.action as OrderAction;
  if (!allows(p, actionPermission(action))) throw forbidden();
  const [ctx, settings] = await Promise.all([getSlaContext(db), getSettings(db)]);
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const before = await findVisibleOrder(tx, p, id, true);
    if (!before) throw notFound('Work order', '工单');
    const opts = await prepare(tx, p, before, action, body, ctx, settings, now);
    let after = await applyTransition(tx, ctx, actor, before, action, opts, now);
    if (action === 'handle') after = await afterHandled(tx, ctx, p, after, settings, now);
    const messages: OutboxMessage[] = webhookMessages(
      settings,
      `workorder.${action}`,
      { id: after.id, orderNo: after.order_no, from: before.status, to: after.status },
      after.id,
    );
    if (action === 'handle')
      messages.push(...(await customerMessages(tx, settings, after, 'workorder.handled', `您的诉求已处理：${after.result}`, false, now)));
    await enqueue(tx, messages);
    await recordAudit(tx, actor, {
      action: `workorder.${action}`,
      entity: 'work_order',
      entityId: id,
      orgUnitId: after.org_unit_id,
      before: { status: before.status, orgUnitId: before.org_unit_id, assigneeId: before.assignee_id },
      after: { status: after.status, orgUnitId: after.org_unit_id, assigneeId: after.assignee_id, note: opts.note ?? null },
    });
    return after;
  });
}

/** POST /api/workorders/:id/transitions: the action, then the order as the API shows it (live clocks, allowed actions). */
export async function transitionOrderView(db: Db, p: Principal, id: number, body: TransitionBody) {
  const row = await transitionOrder(db, p, id, body);
  const ctx = await getSlaContext(db);
  return orderView(row, liveClocks(ctx, row, await loadEvents(db, row.id)), p);
}

export { notAllowed };
