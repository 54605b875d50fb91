/**
 * Demo connection applications (业扩报装): about 30 across kinds, classes and stages, made through
 * the connections services as the demo staff (marketing, supervisor), so clocks, audit and notices
 * are real. Each application is received some working days back and its steps are recorded at
 * times between then and now (the services take the instant of each step; the demo replays a
 * counter's past weeks): some finished and archived, some paused on the customer (building works,
 * missing documents after the one notice), some overdue. Deterministic per seed value, relative to
 * the moment it runs.
 */
import { withTx, type Db } from '../db/pool.js';
import { importReadings } from '../modules/billing/index.js';
import { connectSupply } from '../modules/customers/index.js';
import { actorOf } from '../modules/identity/index.js';
import { loadConfig } from '../config.js';
import type { Principal, Role } from '../modules/identity/index.js';
import {
  advanceStage,
  applicationDetail,
  cancelClosure,
  findClosureCases,
  listClosures,
  raiseDispute,
  sendClosureNotice,
  createApplication,
  ensureConnectionDefaults,
  recordAgreement,
  offerContract,
  planInspections,
  recordInspectionResult,
  recordCustomerWait,
  recordPlan,
  recordReview,
  sendMissingNotice,
  uploadDocument,
  type ApplicationCreate,
  type CustomerClass,
  type Kind,
} from '../modules/connections/index.js';
import { fileStoreOf, localStore } from '../platform/file-store/index.js';
import { mulberry32, pick, personName, firmName, mobile } from './random.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const PDF = Buffer.from('%PDF-1.4\n% griddesk demo document\n').toString('base64');

async function staff(db: Db, username: string): Promise<Principal> {
  const { rows } = await db.query(
    `SELECT u.id, u.display_name, u.role, u.org_unit_id, o.path, u.customer_id FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1 AND u.active`,
    [username],
  );
  const r = rows[0];
  if (!r) throw new Error(`demo connections need the demo user ${username}`);
  return {
    kind: 'user',
    id: r.id,
    name: r.display_name,
    role: r.role as Role,
    scopes: [],
    orgUnitId: r.org_unit_id,
    orgPath: r.path,
    customerId: r.customer_id,
    csrfToken: null,
    ip: null,
    userAgent: 'griddesk-seed/activity',
  };
}

/** [kind, class, target: stages to complete (99 = archive), age in days, what happens on the customer side] */
type Twist = 'none' | 'missing' | 'building' | 'payment';
const PLAN: [Kind, CustomerClass, number, number, Twist][] = [
  ['new', 'residential', 99, 9, 'none'],
  ['new', 'residential', 99, 12, 'missing'],
  ['new', 'residential', 0, 1, 'none'],
  ['new', 'residential', 0, 6, 'missing'],
  ['new', 'residential', 2, 3, 'none'],
  ['new', 'residential', 3, 12, 'none'],
  ['new', 'residential', 4, 4, 'building'],
  ['new', 'lv_nonresidential', 99, 14, 'none'],
  ['new', 'lv_nonresidential', 1, 2, 'none'],
  ['new', 'lv_nonresidential', 3, 10, 'payment'],
  ['new', 'lv_nonresidential', 2, 15, 'none'],
  ['increase', 'lv_nonresidential', 2, 5, 'none'],
  ['new', 'hv_single', 3, 8, 'none'],
  ['new', 'hv_single', 5, 30, 'building'],
  ['new', 'hv_single', 99, 40, 'building'],
  ['new', 'hv_dual', 3, 20, 'none'],
  ['new', 'hv_dual', 6, 45, 'building'],
  ['increase', 'hv_single', 2, 6, 'none'],
  ['increase', 'residential', 99, 8, 'none'],
  ['rename', 'residential', 1, 2, 'none'],
  ['transfer', 'lv_nonresidential', 99, 5, 'none'],
  ['relocation', 'residential', 2, 9, 'none'],
  ['meter_relocation', 'residential', 1, 4, 'none'],
  ['use_class_change', 'lv_nonresidential', 0, 3, 'missing'],
  ['temporary_removal', 'residential', 1, 2, 'none'],
  ['pause', 'hv_single', 99, 12, 'none'],
  ['pause', 'hv_single', 1, 3, 'none'],
  ['reduction', 'hv_single', 2, 5, 'none'],
  ['reduction_end', 'hv_single', 0, 1, 'none'],
  ['pause_end', 'lv_nonresidential', 1, 2, 'none'],
];

export interface ConnectionSeedResult {
  applications: number;
  archived: number;
  waiting: number;
  /** open applications at the contract stage whose supply contract was offered for online signing */
  contractsOffered: number;
}

export async function seedConnectionActivity(db: Db, opts: { seed: number; dataDir?: string }): Promise<ConnectionSeedResult> {
  await ensureConnectionDefaults(db);
  const rng = mulberry32(opts.seed ^ 0xc0ec7);
  const store = opts.dataDir ? localStore(opts.dataDir) : fileStoreOf(loadConfig());
  const [marketing, supervisor] = await Promise.all([staff(db, 'marketing'), staff(db, 'supervisor')]);
  const sps = (
    await db.query(`SELECT id, customer_class, contracted_kva, transformer_id FROM service_points WHERE transformer_id IS NOT NULL ORDER BY id LIMIT 400`)
  ).rows.map((r) => ({ id: Number(r.id), cls: r.customer_class as string, kva: Number(r.contracted_kva), transformerId: Number(r.transformer_id) }));
  const transformers = (await db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' ORDER BY id`)).rows.map((r) => Number(r.id));
  if (transformers.length === 0) return { applications: 0, archived: 0, waiting: 0, contractsOffered: 0 };
  const now = Date.now();
  const result: ConnectionSeedResult = { applications: 0, archived: 0, waiting: 0, contractsOffered: 0 };
  const localDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

  for (const [kind, cls, target, ageDays, twist] of PLAN) {
    const hv = cls === 'hv_single' || cls === 'hv_dual';
    const received = now - ageDays * DAY - Math.floor(rng() * 6) * HOUR;
    const spClass = hv ? 'hv' : cls;
    const sp =
      kind === 'new'
        ? null
        : (sps.find((s) => s.cls === spClass && (kind !== 'reduction' || s.kva > 1) && rng() < 0.5) ?? sps.find((s) => s.cls === spClass) ?? null);
    if (kind !== 'new' && !sp) continue;
    const large = hv && rng() < 0.6;
    const requested =
      kind === 'pause'
        ? 630
        : kind === 'reduction'
          ? Math.max(1, Math.floor(sp!.kva / 2))
          : kind === 'new' || kind === 'increase'
            ? hv
              ? large
                ? 2000 + 500 * Math.floor(rng() * 4)
                : 800
              : cls === 'residential'
                ? 8
                : 50 + 10 * Math.floor(rng() * 10)
            : 0;
    const input: ApplicationCreate = {
      kind,
      customerClass: cls,
      channel: pick(rng, ['counter', 'counter', 'phone'] as const),
      applicantName: hv || cls === 'lv_nonresidential' ? firmName(rng) : personName(rng),
      applicantPhone: mobile(rng),
      address: `清河县${pick(rng, ['城关镇人民路', '城关镇建设路', '河西镇王庄村', '工业园区纬二路', '山后乡石门村'])}${1 + Math.floor(rng() * 120)}号`,
      voltageKv: hv ? 10 : cls === 'residential' ? 0.22 : 0.38,
      requestedKva: requested,
      legalEntity: cls !== 'residential',
      industry: hv ? 'industrial' : cls === 'residential' ? 'residential' : 'commercial',
      annualKwh: hv && rng() < 0.3 ? 6_000_000 : 0,
      ownGeneration: cls === 'hv_dual',
      ...(sp ? { servicePointId: sp.id } : {}),
      ...(kind === 'pause' || kind === 'reduction'
        ? { details: { startsOn: localDay(received + 8 * DAY), endsOn: localDay(received + (kind === 'pause' ? 40 : 200) * DAY), transformers: [630, 400] } }
        : {}),
      ...(kind === 'reduction_end' || kind === 'pause_end' ? { details: { restoreOn: localDay(received + 7 * DAY) } } : {}),
    };
    const app = await createApplication(db, marketing, input, new Date(received));
    result.applications++;
    // steps are spread between receipt and now, oldest first
    let t = received;
    const step = (share: number) => (t = Math.min(now - 60_000, t + Math.max(HOUR, share * (now - received))));
    if (twist === 'missing') {
      step(0.05);
      await sendMissingNotice(db, marketing, app.id, new Date(t));
      if (target === 0) {
        result.waiting++;
        continue;
      }
    }
    const d = await applicationDetail(db, marketing, app.id);
    for (const k of d.requiredDocuments)
      await uploadDocument(db, store, marketing, app.id, {
        kind: k as never,
        filename: `${k}.pdf`,
        contentBase64: PDF,
        validUntil: localDay(now + 3 * 365 * DAY),
      });
    const flow = d.flow;
    const stages = Math.min(target, flow.length);
    for (let i = 0; i < stages; i++) {
      const from = flow[i];
      const to = i + 1 < flow.length ? flow[i + 1] : 'archived';
      if (from === 'plan') {
        await recordPlan(db, marketing, app.id, {
          transformerId: sp?.transformerId ?? pick(rng, transformers),
          supplyMode: hv ? '10kV 专用变压器供电，高供高计' : '低压 380/220V 公用变压器接入',
          ...(hv && kind === 'new'
            ? {
                newTransformer: {
                  kva: requested,
                  voltageKv: 10,
                  type: 'dry' as const,
                  indoor: true,
                  hvRoom: true,
                  hvMetering: true,
                  ctPrimaryA: Math.ceil(((requested / (Math.sqrt(3) * 10)) * 1.25) / 5) * 5,
                },
              }
            : {}),
          customerChoices: hv ? { designFirm: `客户自选：${firmName(rng)}`, constructionFirm: `客户自选：${firmName(rng)}` } : {},
          ...(hv ? { fees: [{ code: 'high_reliability', quantity: requested }] } : {}),
        });
        if (d.reviewReasons.length) {
          await recordReview(db, supervisor, app.id, { level: 'first', decision: 'approved', participants: '营销部 设计 调控中心 运检部' });
          await recordReview(db, supervisor, app.id, { level: 'joint', decision: 'approved', participants: '公司分管领导 营销、运检、调控负责人' });
        }
      }
      if (from === 'power_on') {
        for (const a of d.requiredAgreements)
          await recordAgreement(db, marketing, app.id, { kind: a as never, refNo: `QH-${app.id}-${a}`, signedOn: localDay(t) });
      }
      step(0.6 / Math.max(1, stages));
      // the customer's building works before the completion inspection of a finished application: paused, then resumed
      if (twist === 'building' && target === 99 && from === 'completion') {
        await recordCustomerWait(db, marketing, app.id, { action: 'start', reason: 'building_works' }, new Date(t));
        step(0.1);
        await recordCustomerWait(db, marketing, app.id, { action: 'end' }, new Date(t));
        step(0.01);
      }
      await advanceStage(db, marketing, app.id, { to: to as never, ...(to === 'power_on' ? { powerOnDate: localDay(t + DAY) } : {}) }, new Date(t));
      if (to === 'archived') result.archived++;
    }
    if ((twist === 'building' || twist === 'payment') && target !== 99) {
      const cur = await applicationDetail(db, marketing, app.id);
      if (cur.application.status === 'open') {
        step(0.1);
        await recordCustomerWait(db, marketing, app.id, { action: 'start', reason: twist === 'building' ? 'building_works' : 'payment' }, new Date(t));
        result.waiting++;
      }
    }
  }
  // 网上签约: the supply contract offered on each open application at the contract stage (awaiting the customer)
  const atContract = await db.query(`SELECT id FROM connection_applications WHERE status = 'open' AND stage = 'contract' ORDER BY id`);
  for (const r of atContract.rows) await offerContract(db, marketing, Number(r.id), new Date(now));
  result.contractsOffered = atContract.rows.length;
  // this year's annual inspections of the large customers, one already done with a finding to rectify
  const year = Number(localDay(now).slice(0, 4));
  await planInspections(db, marketing, { year });
  const first = (await db.query(`SELECT id FROM large_customer_inspections WHERE year = $1 ORDER BY id LIMIT 1`, [year])).rows[0];
  if (first)
    await recordInspectionResult(db, marketing, Number(first.id), {
      doneOn: localDay(now),
      findings: [{ item: '高压室门未上锁，警示标识缺失', severity: 'minor' }],
      note: '已当场告知客户电工',
    });
  return result;
}

/**
 * 长期不用电销户 demo (after the billing readings): four vacant houses (空置房) connected two years
 * ago whose kWh index has not moved — three for eight months (proposed by the finder: one left to
 * notify, one notified, one cancelled because the owner called), one for only three months (not
 * proposed) — and a dispute about an open application taken as a 95598 order.
 */
export async function seedClosureActivity(db: Db, opts: { seed: number }): Promise<{ proposed: number; disputes: number }> {
  const rng = mulberry32(opts.seed ^ 0xc105e);
  const marketing = await staff(db, 'marketing');
  const transformer = (await db.query(`SELECT id FROM network_devices WHERE kind = 'transformer' ORDER BY id LIMIT 1`)).rows[0];
  if (!transformer) return { proposed: 0, disputes: 0 };
  const now = new Date();
  const cst = new Date(now.getTime() + 8 * HOUR);
  const monthStart = (back: number) => new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
  const houses = await withTx(db, async (tx) => {
    const out: { meterNo: string; flatMonths: number; index: number; accountId: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const meterNo = `KZM${String(opts.seed).padStart(4, '0')}${i}`;
      const supply = await connectSupply(tx, {
        orgUnitId: marketing.orgUnitId,
        customerId: null,
        name: personName(rng),
        kind: 'person',
        phone: mobile(rng),
        accountNo: `KZ${String(opts.seed).padStart(4, '0')}${String(i).padStart(4, '0')}`,
        address: `清河县城关镇滨河小区 ${3 + i} 号楼 ${1 + Math.floor(rng() * 6)}0${1 + Math.floor(rng() * 4)} 室`,
        customerClass: 'residential',
        contractedKva: 8,
        supplyVoltageKv: 0.22,
        important: false,
        transformerId: Number(transformer.id),
        meterNo,
        installedOn: monthStart(24),
      });
      out.push({ meterNo, flatMonths: i < 3 ? 8 : 3, index: 1200 + Math.floor(rng() * 3000), accountId: Number(supply.accountId) });
    }
    return out;
  });
  const lines = ['meter_no,register,read_at,value,flag'];
  for (const h of houses)
    for (let back = 11; back >= 1; back--) {
      const used = Math.max(0, back - h.flatMonths) * 95; // use until flatMonths ago, none since
      lines.push(`${h.meterNo},kwh_total,${monthStart(back).slice(0, 8)}25 10:00,${(h.index - used).toFixed(2)},`);
    }
  await importReadings(db, marketing, { fileName: 'AMI-vacant-houses.csv', text: lines.join('\n') + '\n', source: 'seed' });
  // the finder over these houses only (the background job checks the whole territory daily, after start)
  const found = await findClosureCases(db, { orgPath: marketing.orgPath, actor: actorOf(marketing), accountIds: houses.map((h) => h.accountId) });
  const cases = (await listClosures(db, marketing, { status: 'proposed', limit: 10, offset: 0 })).items;
  if (cases[1]) await sendClosureNotice(db, marketing, cases[1].id);
  if (cases[2]) await cancelClosure(db, marketing, cases[2].id, { reason: '业主来电：房屋已出租，近期恢复用电' });
  // a dispute: an open application's customer says the survey stage is taking too long
  const open = (await db.query(`SELECT id FROM connection_applications WHERE status = 'open' AND stage = 'survey' ORDER BY id LIMIT 1`)).rows[0];
  let disputes = 0;
  if (open) {
    await raiseDispute(
      db,
      marketing,
      Number(open.id),
      { topic: 'stage_delay', description: '客户来电反映：现场勘查已预约多日仍未上门，要求尽快安排。', channel: 'phone' },
      `seed-${opts.seed}`,
    );
    disputes = 1;
  }
  return { proposed: found.proposed, disputes };
}
