/**
 * 销户 after six months without consumption (供电营业规则 Art. 33; rule in closure-rules.ts):
 *  - the finder (`scanClosures`, also run periodically in the background) reads the kWh index
 *    readings through billing's face, the pause / reduction periods and temporary removals on file,
 *    and proposes one case per idle account (one live case per account);
 *  - staff send the customer the notice (SMS through the outbox when a phone is on file), which
 *    starts the objection period (`closure.noticeDays`);
 *  - after it, the closure is carried out as a connections application of kind `closure`
 *    (acceptance → site visit / meter removal → archive); archiving it closes the account and the case;
 *  - or the case is cancelled with a reason (the customer resumed use, asked for a pause …).
 * Every change is audited.
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/audit.js';
import { notFound, DomainError } from '../../platform/errors.js';
import { stateRefusal } from './refusals.js';
import { enqueue } from '../../platform/outbox/outbox.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { inOrgScope } from '../orgs/index.js';
import { accountsForCollection, billAddressees, closeAccount, metersById, servicePointFacts } from '../customers/index.js';
import { kwhIndexReadings, type IndexReading } from '../billing/index.js';
import { capacityPeriods } from './capacity.js';
import { addMonths, closureFinding, DEFAULT_CLOSURE_POLICY, noticeUntil, type ClosurePolicy, type ClosureVerdict } from './closure-rules.js';
import { createApplication } from './create-application.js';
import { CLOSURE_STATUSES, type ClosureCase, type ClosureListQuery, type ClosureScanInput } from './schemas.js';
import { currentPolicy } from './store.js';
import { localToday } from './view.js';

async function closurePolicy(db: Queryable): Promise<ClosurePolicy> {
  return (await currentPolicy(db)).data.closure ?? DEFAULT_CLOSURE_POLICY;
}

const ACCOUNT_PAGE = 500;

/** The finder: proposes a case for every idle account under `orgPath` (a page of accounts at a time). */
export async function findClosureCases(
  db: Db,
  scope: { orgPath: string; actor: Actor; /** only these accounts (the demo seed) */ accountIds?: number[] },
  input: ClosureScanInput = {},
  now = new Date(),
) {
  const ctx = await getSlaContext(db);
  const asOf = input.asOf ?? localToday(ctx, now);
  const policy = await closurePolicy(db);
  // readings from far enough back that a span of idleMonths ending today can be seen whole
  const since = addMonths(asOf, -(policy.idleMonths + 6));
  const verdicts: Record<string, number> = {};
  const count = (v: ClosureVerdict | 'already' | 'not_active') => (verdicts[v] = (verdicts[v] ?? 0) + 1);
  let after = 0,
    accounts = 0,
    proposed = 0;
  for (;;) {
    const readings = await kwhIndexReadings(db, { orgPath: scope.orgPath, since, afterAccountId: after, limit: ACCOUNT_PAGE, accountIds: scope.accountIds });
    if (!readings.length) break;
    const byAccount = new Map<number, IndexReading[]>();
    for (const r of readings) if (r.readOn <= asOf) (byAccount.get(r.accountId) ?? byAccount.set(r.accountId, []).get(r.accountId)!).push(r);
    after = readings[readings.length - 1].accountId;
    const meters = new Map((await metersById(db, [...new Set(readings.map((r) => r.meterId))])).map((m) => [m.meterId, m]));
    const spIds = [...new Set([...meters.values()].map((m) => m.servicePointId))];
    const [periods, removals, live, active] = await Promise.all([
      capacityPeriods(db, { servicePointIds: spIds }),
      db.query(
        `SELECT service_point_id, to_char(power_on_at AT TIME ZONE $2, 'YYYY-MM-DD') AS on FROM connection_applications
          WHERE kind = 'temporary_removal' AND power_on_at IS NOT NULL AND service_point_id = ANY($1::bigint[])`,
        [spIds, ctx.timezone],
      ),
      db.query(`SELECT account_id FROM connection_closure_cases WHERE status IN ('proposed', 'notified', 'closing') AND account_id = ANY($1::bigint[])`, [
        [...byAccount.keys()],
      ]),
      accountsForCollection(db, scope.orgPath, { accountIds: [...byAccount.keys()] }, byAccount.size),
    ]);
    const activeSet = new Set(active.filter((a) => a.status === 'active').map((a) => a.accountId));
    const liveSet = new Set(live.rows.map((r) => Number(r.account_id)));
    const proposals: {
      accountId: number;
      customerId: number;
      spId: number;
      orgUnitId: number;
      orgPath: string;
      f: ReturnType<typeof closureFinding>;
      rs: IndexReading[];
    }[] = [];
    for (const [accountId, rs] of byAccount) {
      accounts++;
      if (!activeSet.has(accountId)) {
        count('not_active');
        continue;
      }
      if (liveSet.has(accountId)) {
        count('already');
        continue;
      }
      const ms = [...new Set(rs.map((r) => r.meterId))];
      const sps = new Set(ms.map((m) => meters.get(m)?.servicePointId).filter((x): x is number => x !== undefined));
      const f = closureFinding(
        {
          asOf,
          meters: ms.map((meterId) => ({ meterId, readings: rs.filter((r) => r.meterId === meterId) })),
          periods: periods.filter((p) => sps.has(p.servicePointId) && (p.kind === 'pause' || p.kind === 'reduction')),
          temporaryRemovals: removals.rows.filter((r) => sps.has(Number(r.service_point_id))).map((r) => r.on as string),
        },
        policy,
      );
      count(f.verdict);
      const m = meters.get(ms[0]);
      if (f.verdict === 'propose' && m)
        proposals.push({ accountId, customerId: m.customerId, spId: m.servicePointId, orgUnitId: m.orgUnitId, orgPath: m.orgPath, f, rs });
    }
    if (proposals.length)
      await withTx(db, async (tx) => {
        for (const x of proposals) {
          const { rows } = await tx.query(
            `INSERT INTO connection_closure_cases (account_id, customer_id, service_point_id, org_unit_id, org_path, status, idle_since, evidence_through, idle_months, evidence)
             VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
            [
              x.accountId,
              x.customerId,
              x.spId,
              x.orgUnitId,
              x.orgPath,
              x.f.since,
              x.f.through,
              x.f.months,
              JSON.stringify({ readings: x.rs.map(({ meterId, readOn, value }) => ({ meterId, readOn, value })), note: x.f.note }),
            ],
          );
          if (!rows[0]) continue;
          proposed++;
          await recordAudit(tx, scope.actor, {
            action: 'closure.propose',
            entity: 'closure_case',
            entityId: rows[0].id,
            orgUnitId: x.orgUnitId,
            after: { accountId: x.accountId, idleSince: x.f.since, evidenceThrough: x.f.through, months: x.f.months, note: x.f.note },
          });
        }
      });
  }
  return { asOf, accounts, proposed, verdicts };
}

/** The finder for a member of staff: their org subtree, audited as them. */
export async function scanClosures(db: Db, p: Principal, input: ClosureScanInput, now = new Date()) {
  return findClosureCases(db, { orgPath: p.orgPath, actor: actorOf(p) }, input, now);
}

/** The finder as the background runs it: the whole territory, audited as the system. */
export async function scanAllClosures(db: Db, now = new Date()) {
  return findClosureCases(db, { orgPath: '/', actor: SYSTEM_ACTOR }, {}, now);
}

const CASE_TEXT = `k.*, to_char(k.idle_since, 'YYYY-MM-DD') AS since_text, to_char(k.evidence_through, 'YYYY-MM-DD') AS through_text,
  to_char(k.notice_until, 'YYYY-MM-DD') AS until_text`;
const CASE_SELECT = `SELECT ${CASE_TEXT}, a.app_no FROM connection_closure_cases k LEFT JOIN connection_applications a ON a.id = k.application_id`;

async function toCases(db: Queryable, rows: Record<string, any>[]): Promise<ClosureCase[]> {
  const who = await billAddressees(db, [...new Set(rows.map((r) => Number(r.account_id)))]);
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: Number(r.account_id),
    accountNo: who.get(Number(r.account_id))?.accountNo ?? '',
    customerId: Number(r.customer_id),
    customerName: who.get(Number(r.account_id))?.customerName ?? '',
    servicePointId: Number(r.service_point_id),
    status: r.status,
    idleSince: r.since_text,
    evidenceThrough: r.through_text,
    idleMonths: r.idle_months,
    evidence: r.evidence,
    proposedAt: r.proposed_at.toISOString(),
    noticeAt: r.notice_at ? r.notice_at.toISOString() : null,
    noticeUntil: r.until_text,
    applicationId: r.application_id === null ? null : Number(r.application_id),
    appNo: r.app_no ?? null,
    cancelReason: r.cancel_reason,
  }));
}

export async function listClosures(db: Db, p: Principal, q: ClosureListQuery) {
  const scope = inOrgScope('k.org_unit_id', '$1');
  const [page, counts] = await Promise.all([
    db.query(`${CASE_SELECT} WHERE ${scope} AND ($2::text IS NULL OR k.status = $2) ORDER BY k.idle_since, k.id LIMIT $3 OFFSET $4`, [
      p.orgPath,
      q.status ?? null,
      q.limit ?? 50,
      q.offset ?? 0,
    ]),
    db.query(`SELECT k.status, count(*)::int AS n FROM connection_closure_cases k WHERE ${scope} GROUP BY k.status`, [p.orgPath]),
  ]);
  const c = Object.fromEntries(CLOSURE_STATUSES.map((s) => [s, 0])) as Record<(typeof CLOSURE_STATUSES)[number], number>;
  for (const r of counts.rows) c[r.status as (typeof CLOSURE_STATUSES)[number]] = r.n;
  return { total: q.status ? c[q.status] : Object.values(c).reduce((s, n) => s + n, 0), counts: c, items: await toCases(db, page.rows) };
}

async function lockCase(db: Queryable, p: Principal, id: number) {
  const { rows } = await db.query(`SELECT ${CASE_TEXT} FROM connection_closure_cases k WHERE k.id = $1 AND ${inOrgScope('k.org_unit_id', '$2')} FOR UPDATE`, [
    id,
    p.orgPath,
  ]);
  if (!rows[0]) throw notFound('Closure case', '销户案件');
  return rows[0];
}

async function caseById(db: Queryable, id: number): Promise<ClosureCase> {
  return (await toCases(db, (await db.query(`${CASE_SELECT} WHERE k.id = $1`, [id])).rows))[0];
}

const wrongStatus = (status: string, allowed: string[]) =>
  stateRefusal(
    'CLOSURE_STATUS',
    'status',
    'closure_status',
    `销户案件当前为“${status}”，不能进行此操作（应为 ${allowed.join(' / ')}）`,
    `the closure case is ${status}; this needs ${allowed.join(' or ')}`,
    { status },
  );

/** The notice to the customer (SMS when a phone is on file); the objection period starts. */
export async function sendClosureNotice(db: Db, p: Principal, id: number, now = new Date()) {
  const ctx = await getSlaContext(db);
  const policy = await closurePolicy(db);
  const today = localToday(ctx, now);
  return withTx(db, async (tx) => {
    const k = await lockCase(tx, p, id);
    if (k.status !== 'proposed') throw wrongStatus(k.status, ['proposed']);
    const until = noticeUntil(today, policy);
    const who = (await billAddressees(tx, [Number(k.account_id)])).get(Number(k.account_id));
    if (who?.phone)
      await enqueue(tx, [
        {
          event: 'connection.closure_notice',
          channel: 'sms',
          recipient: who.phone,
          body: `【国网供电】您的户号 ${who.accountNo} 自 ${k.since_text} 起连续${policy.idleMonths}个月未用电且未办理暂停，将依《供电营业规则》办理销户。如有异议或需继续用电，请于 ${until} 前联系 95598。`,
          payload: { closureCaseId: Number(k.id), accountId: Number(k.account_id), noticeUntil: until },
        },
      ]);
    await tx.query(`UPDATE connection_closure_cases SET status = 'notified', notice_at = $2, notice_until = $3, updated_at = now() WHERE id = $1`, [
      k.id,
      now,
      until,
    ]);
    await recordAudit(tx, actorOf(p), {
      action: 'closure.notice',
      entity: 'closure_case',
      entityId: Number(k.id),
      orgUnitId: Number(k.org_unit_id),
      before: { status: k.status },
      after: { status: 'notified', noticeUntil: until, sms: Boolean(who?.phone) },
    });
    return caseById(tx, Number(k.id));
  });
}

/** After the objection period: the closure application (kind `closure`) is received and linked to the case, in one transaction. */
export async function applyClosure(db: Db, p: Principal, id: number, now = new Date()) {
  const ctx = await getSlaContext(db);
  const today = localToday(ctx, now);
  const k = (await db.query(`SELECT ${CASE_TEXT} FROM connection_closure_cases k WHERE k.id = $1 AND ${inOrgScope('k.org_unit_id', '$2')}`, [id, p.orgPath]))
    .rows[0];
  if (!k) throw notFound('Closure case', '销户案件');
  if (k.status !== 'notified') throw wrongStatus(k.status, ['notified']);
  const untilText: string = k.until_text;
  if (today <= untilText)
    throw new DomainError(
      'conflict',
      'NOTICE_PERIOD',
      `告知期至 ${untilText} 止，期满后方可办理销户`,
      `the notice period runs to ${untilText}; the closure can be applied for after it`,
      [{ field: 'noticeUntil', rule: 'notice_period', message: `告知期至 ${untilText}`, messageEn: `notice period until ${untilText}` }],
    );
  const sp = await servicePointFacts(db, Number(k.service_point_id));
  if (!sp) throw notFound('Service point', '用电点');
  const who = (await billAddressees(db, [Number(k.account_id)])).get(Number(k.account_id));
  const hv = sp.customerClass === 'hv';
  const created = await createApplication(
    db,
    p,
    {
      kind: 'closure',
      // the company's case: its checklist asks nothing of the customer (policy `documents.checklist`, `notInitiators`)
      initiator: 'company',
      customerClass: hv ? 'hv_single' : (sp.customerClass as 'residential' | 'lv_nonresidential'),
      channel: 'counter',
      applicantName: who?.customerName ?? '',
      applicantPhone: who?.phone ?? '',
      address: sp.address,
      voltageKv: hv ? 10 : 0.4,
      requestedKva: 0,
      servicePointId: sp.id,
      details: { note: `销户：连续${k.idle_months}个月未用电（${k.since_text} 起）` },
    },
    now,
    async (tx, app) => {
      const { rowCount } = await tx.query(
        `UPDATE connection_closure_cases SET status = 'closing', application_id = $2, updated_at = now() WHERE id = $1 AND status = 'notified'`,
        [k.id, app.id],
      );
      if (!rowCount) throw wrongStatus('changed', ['notified']);
      await recordAudit(tx, actorOf(p), {
        action: 'closure.apply',
        entity: 'closure_case',
        entityId: Number(k.id),
        orgUnitId: Number(k.org_unit_id),
        before: { status: 'notified' },
        after: { status: 'closing', applicationId: app.id, appNo: app.appNo },
      });
    },
  );
  return { ...(await caseById(db, Number(k.id))), appNo: created.appNo };
}

/** Cancelling a case (the customer resumed use, asked for a pause, the evidence was wrong); not once its application is open — withdraw that instead. */
export async function cancelClosure(db: Db, p: Principal, id: number, input: { reason: string }) {
  return withTx(db, async (tx) => {
    const k = await lockCase(tx, p, id);
    if (k.status !== 'proposed' && k.status !== 'notified') throw wrongStatus(k.status, ['proposed', 'notified']);
    await tx.query(`UPDATE connection_closure_cases SET status = 'cancelled', cancel_reason = $2, updated_at = now() WHERE id = $1`, [k.id, input.reason]);
    await recordAudit(tx, actorOf(p), {
      action: 'closure.cancel',
      entity: 'closure_case',
      entityId: Number(k.id),
      orgUnitId: Number(k.org_unit_id),
      before: { status: k.status },
      after: { status: 'cancelled', reason: input.reason },
    });
    return caseById(tx, Number(k.id));
  });
}

/**
 * In the transaction of a closure application's last step: archived — the account closes and
 * the case is closed; withdrawn — the case is cancelled with the withdrawal's reason.
 */
export async function closureApplicationEnded(
  tx: Tx,
  actor: Actor,
  app: { id: number; servicePointId: number | null },
  outcome: 'archived' | 'cancelled',
  reason?: string,
) {
  const k = (await tx.query(`SELECT * FROM connection_closure_cases WHERE application_id = $1 AND status = 'closing' FOR UPDATE`, [app.id])).rows[0];
  if (outcome === 'archived' && app.servicePointId !== null) {
    const sp = await servicePointFacts(tx, app.servicePointId);
    if (sp) await closeAccount(tx, sp.accountId);
  }
  if (!k) return;
  const status = outcome === 'archived' ? 'closed' : 'cancelled';
  await tx.query(`UPDATE connection_closure_cases SET status = $2, cancel_reason = $3, updated_at = now() WHERE id = $1`, [
    k.id,
    status,
    outcome === 'cancelled' ? (reason ?? null) : null,
  ]);
  await recordAudit(tx, actor, {
    action: outcome === 'archived' ? 'closure.done' : 'closure.cancel',
    entity: 'closure_case',
    entityId: Number(k.id),
    orgUnitId: Number(k.org_unit_id),
    before: { status: 'closing' },
    after: { status, applicationId: app.id },
  });
}
