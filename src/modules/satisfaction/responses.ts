/**
 * Responses taken by phone: IVR key-press ratings after calls (a CSV file keyed by the CTI call id,
 * idempotent) and the agent's end-of-call question. Each response is filed under the call's work
 * order (segment, channel, type, org unit) as it is on the day it is taken.
 */
import { createHash } from 'node:crypto';
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { callsByCtiId } from '../analytics/index.js';
import { orderSatisfactionFacts, type OrderSatisfactionFacts } from '../workorders/index.js';
import { parseIvrCsv, type IvrProblem } from './ivr-csv-rules.js';
import { localDayStart, segmentOf, type SatisfactionPolicy } from './score-rules.js';
import { touchPointOfOrder } from './survey-rules.js';
import { getPolicy } from './settings.js';
import type { EndOfCallInput, IvrImportInput } from './schemas.js';

/** How far before a rating its call may have entered the queue (a long call plus the IVR). */
const CALL_LOOKBACK_MS = 24 * 3_600_000;

export const RESPONSE_COLS = `r.id, r.method, r.responded_at, r.order_id, r.cti_call_id, r.survey_id, r.overall, r.scale_min, r.scale_max, r.answers, r.comment,
  r.segment, r.channel, r.order_type, r.org_unit_id`;

export const toResponse = (r: Record<string, any>, orderNo: string | null = null) => ({
  id: Number(r.id),
  method: r.method,
  respondedAt: r.responded_at,
  orderId: r.order_id === null ? null : Number(r.order_id),
  orderNo,
  ctiCallId: r.cti_call_id,
  surveyId: r.survey_id === null ? null : Number(r.survey_id),
  overall: r.overall,
  scaleMin: r.scale_min,
  scaleMax: r.scale_max,
  answers: r.answers ?? {},
  comment: r.comment,
  segment: r.segment,
  channel: r.channel,
  orderType: r.order_type,
  orgUnitId: Number(r.org_unit_id),
});

/** The segment columns of a response taken on an order. */
export function orderColumns(o: OrderSatisfactionFacts | null, policy: SatisfactionPolicy) {
  return {
    segment: o ? segmentOf(o.customerClass, o.important, policy) : null,
    area: o?.areaType ?? null,
    channel: o?.channel ?? null,
    orderType: o?.orderType ?? null,
    touchPoint: o ? touchPointOfOrder(o.orderType, o.channel) : null,
  };
}

/** An IVR file: a file already imported (same checksum) answers its earlier result; a call already rated is counted as a duplicate, not stored twice. */
export async function importIvr(db: Db, p: Principal, input: IvrImportInput) {
  const checksum = createHash('sha256').update(input.text).digest('hex');
  return withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7259800710)'); // one IVR import at a time: duplicates are counted, never raced
    const old = await tx.query(`SELECT * FROM sat_ivr_imports WHERE checksum = $1 AND org_path = $2`, [checksum, p.orgPath]);
    if (old.rows[0]) return { ...toImport(old.rows[0]), replayed: true };
    const policy = await getPolicy(tx);
    const parsed = parseIvrCsv(input.text, policy.ivrScale);
    const problems: IvrProblem[] = [...parsed.problems];
    const recs = parsed.records;
    const times = recs.map((r) => r.ratedAt.getTime());
    const calls = recs.length
      ? await callsByCtiId(
          tx,
          p.orgPath,
          recs.map((r) => r.callId),
          new Date(Math.min(...times) - CALL_LOOKBACK_MS),
          new Date(Math.max(...times) + 1),
        )
      : new Map();
    const orderIds = [...new Set([...calls.values()].flatMap((c) => c.orderIds.slice(0, 1)))];
    const orders = new Map((await orderSatisfactionFacts(tx, p.orgPath, orderIds)).map((o) => [o.id, o]));
    const ins = await tx.query(
      `INSERT INTO sat_ivr_imports (file_name, checksum, lines, stored, duplicates, problems, org_unit_id, org_path, imported_by)
       VALUES ($1, $2, $3, 0, 0, '[]', $4, $5, $6) RETURNING id`,
      [input.fileName, checksum, parsed.lines, p.orgUnitId, p.orgPath, p.kind === 'user' ? p.id : null],
    );
    const importId = Number(ins.rows[0].id);
    const rows: unknown[] = [];
    for (const r of recs) {
      const call = calls.get(r.callId);
      if (!call || call.enterAt.getTime() > r.ratedAt.getTime()) {
        problems.push({ line: r.line, reason: 'unknown_call', detail: r.callId });
        continue;
      }
      const order = call.orderIds.length ? (orders.get(call.orderIds[0]) ?? null) : null;
      const c = orderColumns(order, policy);
      rows.push({
        method: 'ivr',
        source_key: r.callId,
        responded_at: r.ratedAt.toISOString(),
        order_id: order?.id ?? null,
        cti_call_id: r.callId,
        import_id: importId,
        touch_point: c.touchPoint,
        overall: r.key,
        scale_min: policy.ivrScale.min,
        scale_max: policy.ivrScale.max,
        org_unit_id: order?.orgUnitId ?? call.orgUnitId,
        org_path: order?.orgPath ?? call.orgPath,
        segment: c.segment,
        area_type: c.area,
        channel: c.channel ?? 'phone',
        order_type: c.orderType,
      });
    }
    const stored = rows.length
      ? (
          await tx.query(
            `INSERT INTO sat_responses (method, source_key, responded_at, order_id, cti_call_id, import_id, touch_point, overall, scale_min, scale_max,
                                        org_unit_id, org_path, segment, area_type, channel, order_type)
             SELECT method, source_key, responded_at, order_id, cti_call_id, import_id, touch_point, overall, scale_min, scale_max,
                    org_unit_id, org_path, segment, area_type, channel, order_type
               FROM jsonb_populate_recordset(NULL::sat_responses, $1::jsonb)
             ON CONFLICT (method, source_key) DO NOTHING`,
            [JSON.stringify(rows)],
          )
        ).rowCount!
      : 0;
    problems.sort((a, b) => a.line - b.line);
    const duplicates = rows.length - stored;
    const done = await tx.query(`UPDATE sat_ivr_imports SET stored = $2, duplicates = $3, problems = $4 WHERE id = $1 RETURNING *`, [
      importId,
      stored,
      duplicates,
      JSON.stringify(problems.slice(0, 1000)),
    ]);
    await recordAudit(tx, actorOf(p), {
      action: 'satisfaction.ivr_import',
      entity: 'ivr_import',
      entityId: importId,
      orgUnitId: p.orgUnitId,
      after: { fileName: input.fileName, lines: parsed.lines, stored, duplicates, problems: problems.length },
    });
    return { ...toImport(done.rows[0]), replayed: false };
  });
}

const toImport = (r: Record<string, any>) => ({
  id: Number(r.id),
  fileName: r.file_name,
  lines: r.lines,
  stored: r.stored,
  duplicates: r.duplicates,
  problems: r.problems,
  importedAt: r.imported_at,
});

export async function listIvrImports(q: Queryable, p: Principal) {
  const { rows } = await q.query(`SELECT * FROM sat_ivr_imports WHERE org_path LIKE $1 || '%' ORDER BY id DESC LIMIT 50`, [p.orgPath]);
  return rows.map((r) => ({ ...toImport(r), replayed: false }));
}

/** The agent's end-of-call question: one answer per call (or per order when no call id is given); a repeat answers the stored one. */
export async function recordEndOfCall(db: Db, p: Principal, input: EndOfCallInput) {
  return withTx(db, async (tx) => {
    const policy = await getPolicy(tx);
    const s = policy.endOfCallScale;
    if (input.score < s.min || input.score > s.max)
      throw badField('score', 'range', `须为 ${s.min}–${s.max} 的整数`, `must be a whole number from ${s.min} to ${s.max}`);
    const [order] = await orderSatisfactionFacts(tx, p.orgPath, [input.orderId]);
    if (!order) throw notFound('Work order', '工单');
    const key = input.ctiCallId ?? `order:${order.id}`;
    const c = orderColumns(order, policy);
    const ins = await tx.query(
      `INSERT INTO sat_responses (method, source_key, responded_at, order_id, cti_call_id, touch_point, overall, scale_min, scale_max, comment,
                                  org_unit_id, org_path, segment, area_type, channel, order_type, entered_by)
       VALUES ('end_of_call', $1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (method, source_key) DO NOTHING RETURNING ${RESPONSE_COLS.replace(/r\./g, '')}`,
      [
        key,
        order.id,
        input.ctiCallId ?? null,
        c.touchPoint,
        input.score,
        s.min,
        s.max,
        input.comment ?? null,
        order.orgUnitId,
        order.orgPath,
        c.segment,
        c.area,
        c.channel,
        c.orderType,
        p.kind === 'user' ? p.id : null,
      ],
    );
    if (!ins.rows[0]) {
      const old = await tx.query(`SELECT ${RESPONSE_COLS} FROM sat_responses r WHERE method = 'end_of_call' AND source_key = $1`, [key]);
      return { stored: false, response: toResponse(old.rows[0], order.orderNo) };
    }
    await recordAudit(tx, actorOf(p), {
      action: 'satisfaction.end_of_call',
      entity: 'satisfaction_response',
      entityId: ins.rows[0].id,
      orgUnitId: order.orgUnitId,
      after: { orderId: order.id, ctiCallId: input.ctiCallId ?? null, score: input.score },
    });
    return { stored: true, response: toResponse(ins.rows[0], order.orderNo) };
  });
}

export async function listResponses(
  q: Queryable,
  p: Principal,
  f: { method?: string; surveyId?: number; from?: string; to?: string; limit: number; offset: number },
) {
  const where = [`r.org_path LIKE $1 || '%'`];
  const params: unknown[] = [p.orgPath];
  if (f.method) where.push(`r.method = $${params.push(f.method)}`);
  if (f.surveyId) where.push(`r.survey_id = $${params.push(f.surveyId)}`);
  const policy = await getPolicy(q);
  if (f.from) where.push(`r.responded_at >= $${params.push(localDayStart(f.from, policy.utcOffsetMinutes))}`);
  if (f.to) where.push(`r.responded_at < $${params.push(new Date(localDayStart(f.to, policy.utcOffsetMinutes).getTime() + 86_400_000))}`);
  const w = where.join(' AND ');
  const total = await q.query(`SELECT count(*)::int AS n FROM sat_responses r WHERE ${w}`, params);
  const { rows } = await q.query(
    `SELECT ${RESPONSE_COLS} FROM sat_responses r WHERE ${w} ORDER BY r.responded_at DESC, r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  const orders = new Map(
    (
      await orderSatisfactionFacts(
        q,
        p.orgPath,
        rows.filter((r) => r.order_id).map((r) => Number(r.order_id)),
      )
    ).map((o) => [o.id, o.orderNo]),
  );
  return { items: rows.map((r) => toResponse(r, r.order_id ? (orders.get(Number(r.order_id)) ?? null) : null)), total: total.rows[0].n };
}
