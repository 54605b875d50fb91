/**
 * 网上签约: staff offer the supply contract of an application at its contract stage; the customer
 * reads it on the portal (terms and PDF) and signs it by typing their name against the content hash
 * they were shown. The signature records the supply contract among the application's agreements
 * (the power-on check reads them), is audited and sealed by a hash, and the customer is told by SMS
 * through the outbox. Staff may withdraw an offer not yet signed (with a reason) and offer again.
 */
import { withTx, type Db, type Queryable } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { DomainError } from '../../platform/errors.js';
import { getSlaContext } from '../../platform/sla/sla-context.js';
import { actorOf, type Principal } from '../identity/index.js';
import { getOrgUnit } from '../orgs/index.js';
import { contentHash, contractTerms, DEFAULT_CONTRACT_POLICY, offerExpiresAt, signatureHash, signerProblem, type ContractTerms } from './contract-rules.js';
import { notify } from './notices.js';
import { closedRefusal, stateRefusal } from './refusals.js';
import { largeOf } from './register-large.js';
import type { ContractSignInput, ContractWithdrawInput } from './schemas.js';
import { agreementsOf, currentPolicy, findVisible, policyVersion, type AppRow } from './store.js';
import { localToday } from './view.js';

export interface ContractOffer {
  id: number;
  applicationId: number;
  offerNo: number;
  contractNo: string;
  status: 'offered' | 'signed' | 'withdrawn' | 'expired';
  terms: ContractTerms;
  contentSha256: string;
  offeredByName: string;
  offeredAt: string;
  expiresAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  signerName: string | null;
  signedAt: string | null;
  signedIp: string | null;
  signatureSha256: string | null;
  /** the stored terms still hash to the content hash, and a signature still matches its seal */
  intact: boolean;
}

function toOffer(r: Record<string, unknown>, now: Date): ContractOffer {
  const expiresAt = r.expires_at as Date;
  const stored = r.status as 'offered' | 'signed' | 'withdrawn';
  return {
    id: Number(r.id),
    applicationId: Number(r.application_id),
    offerNo: r.offer_no as number,
    contractNo: r.contract_no as string,
    status: stored === 'offered' && expiresAt.getTime() <= now.getTime() ? 'expired' : stored,
    terms: r.terms as ContractTerms,
    contentSha256: r.content_sha256 as string,
    offeredByName: r.offered_by_name as string,
    offeredAt: (r.offered_at as Date).toISOString(),
    expiresAt: expiresAt.toISOString(),
    withdrawnAt: (r.withdrawn_at as Date | null)?.toISOString() ?? null,
    withdrawnReason: (r.withdrawn_reason as string | null) ?? null,
    signerName: (r.signer_name as string | null) ?? null,
    signedAt: (r.signed_at as Date | null)?.toISOString() ?? null,
    signedIp: (r.signed_ip as string | null) ?? null,
    signatureSha256: (r.signature_sha256 as string | null) ?? null,
    intact: intact(r),
  };
}

function intact(r: Record<string, unknown>): boolean {
  if (contentHash(r.terms as ContractTerms) !== r.content_sha256) return false;
  if (r.status !== 'signed') return true;
  return (
    signatureHash({
      offerId: Number(r.id),
      contractNo: r.contract_no as string,
      contentSha256: r.content_sha256 as string,
      signerName: r.signer_name as string,
      signedAt: (r.signed_at as Date).toISOString(),
      userId: Number(r.signed_by),
      ip: (r.signed_ip as string | null) ?? null,
      userAgent: (r.signed_user_agent as string | null) ?? null,
    }) === r.signature_sha256
  );
}

async function offersOf(db: Queryable, applicationId: number, now: Date, lock = false): Promise<ContractOffer[]> {
  const { rows } = await db.query(`SELECT * FROM connection_contract_offers WHERE application_id = $1 ORDER BY offer_no${lock ? ' FOR UPDATE' : ''}`, [
    applicationId,
  ]);
  return rows.map((r) => toOffer(r, now));
}

/** The application's offers, newest last, and the one open or signed (null when none). */
export async function contractOf(db: Db, p: Principal, id: number, now = new Date()) {
  const a = await findVisible(db, p, id);
  const offers = await offersOf(db, a.id, now);
  const current = offers.filter((o) => o.status === 'offered' || o.status === 'signed').at(-1) ?? null;
  return { applicationId: a.id, stage: a.stage, status: a.status, current, offers };
}

const noOffer = () =>
  stateRefusal(
    'CONTRACT_NOT_OFFERED',
    'id',
    'contract_offered',
    '该申请没有待签署的供用电合同',
    'no supply contract is offered for signing on this application',
  );

export async function offerContract(db: Db, p: Principal, id: number, now = new Date()) {
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    if (a.status !== 'open') throw closedRefusal(a.status);
    if (a.stage !== 'contract')
      throw stateRefusal(
        'STAGE_NOT_CONTRACT',
        'stage',
        'contract_stage',
        '只有处于“合同签订”环节的申请可以发起网上签约',
        'a contract can be offered only at the contract stage',
        {
          stage: a.stage,
        },
      );
    const offers = await offersOf(tx, a.id, now, true);
    const live = offers.find((o) => o.status === 'offered' || o.status === 'signed');
    if (live)
      throw stateRefusal(
        'CONTRACT_ALREADY_OFFERED',
        'id',
        'one_live_offer',
        `合同 ${live.contractNo} 已${live.status === 'signed' ? '签署' : '发出，等待客户签署'}`,
        `contract ${live.contractNo} is already ${live.status === 'signed' ? 'signed' : 'offered'}`,
        { contractNo: live.contractNo },
      );
    if ((await agreementsOf(tx, a.id)).some((g) => g.kind === 'supply_contract'))
      throw stateRefusal(
        'CONTRACT_RECORDED',
        'agreements.supply_contract',
        'contract_recorded',
        '供用电合同已登记，无需网上签约',
        'the supply contract is already on record',
      );
    // expired offers are closed as withdrawn so the live index admits the new one
    for (const o of offers.filter((x) => x.status === 'expired'))
      await tx.query(`UPDATE connection_contract_offers SET status = 'withdrawn', withdrawn_at = $2, withdrawn_reason = 'expired' WHERE id = $1`, [o.id, now]);
    const policy = (await currentPolicy(tx)).data.contract ?? DEFAULT_CONTRACT_POLICY;
    const appPolicy = await policyVersion(tx, a.policyVersion);
    const org = await getOrgUnit(tx, p, a.orgUnitId);
    const offerNo = (offers.at(-1)?.offerNo ?? 0) + 1;
    const terms = contractTerms(
      policy,
      {
        appNo: a.appNo,
        customerClass: a.customerClass,
        applicantName: a.applicantName,
        legalEntity: a.legalEntity,
        address: a.address,
        voltageKv: a.voltageKv,
        contractedKva: largeOf(a, appPolicy).contractedKva,
        supplyMode: a.plan?.supplyMode ?? null,
        supplier: org.name,
      },
      offerNo,
    );
    const sha = contentHash(terms);
    const expires = offerExpiresAt(now, policy.offerValidDays);
    const { rows } = await tx.query(
      `INSERT INTO connection_contract_offers (application_id, offer_no, contract_no, terms, content_sha256, status, offered_by, offered_by_name, offered_at, expires_at)
       VALUES ($1,$2,$3,$4,$5,'offered',$6,$7,$8,$9) RETURNING *`,
      [a.id, offerNo, terms.contractNo, JSON.stringify(terms), sha, p.id, p.name, now, expires],
    );
    await notify(
      tx,
      a,
      'contract_offered',
      `您的供用电合同 ${terms.contractNo} 已可在网上签署，请于 ${localToday(await getSlaContext(tx), expires)} 前登录网上国网签约`,
      {
        contractNo: terms.contractNo,
      },
    );
    await recordAudit(tx, actorOf(p), {
      action: 'connection.contract_offer',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: { contractNo: terms.contractNo, contentSha256: sha, expiresAt: expires.toISOString() },
    });
    return toOffer(rows[0], now);
  });
}

export async function withdrawContract(db: Db, p: Principal, id: number, input: ContractWithdrawInput, now = new Date()) {
  const reason = input.reason.trim();
  if (!reason)
    throw new DomainError('invalid', 'VALIDATION_FAILED', '请求参数有误：请填写撤回原因', 'Invalid request: give the reason', [
      { field: 'reason', rule: 'required', message: '请填写撤回原因', messageEn: 'give the reason' },
    ]);
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    const open = (await offersOf(tx, a.id, now, true)).find((o) => o.status === 'offered' || o.status === 'expired');
    if (!open) throw noOffer();
    const { rows } = await tx.query(
      `UPDATE connection_contract_offers SET status = 'withdrawn', withdrawn_at = $2, withdrawn_reason = $3 WHERE id = $1 RETURNING *`,
      [open.id, now, reason],
    );
    await recordAudit(tx, actorOf(p), {
      action: 'connection.contract_withdraw',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      before: { contractNo: open.contractNo, status: open.status },
      after: { status: 'withdrawn', reason },
    });
    return toOffer(rows[0], now);
  });
}

function checkSignable(a: AppRow, offer: ContractOffer | undefined, input: ContractSignInput): ContractOffer {
  if (a.status !== 'open') throw closedRefusal(a.status);
  if (!offer) throw noOffer();
  if (offer.status === 'signed')
    throw stateRefusal('CONTRACT_SIGNED', 'id', 'signed_once', `合同 ${offer.contractNo} 已于签署`, `contract ${offer.contractNo} is already signed`, {
      contractNo: offer.contractNo,
    });
  if (offer.status === 'expired')
    throw stateRefusal(
      'CONTRACT_OFFER_EXPIRED',
      'id',
      'offer_open',
      '合同签署期限已过，请联系客户经理重新发起',
      'the offer has expired; ask your account manager for a new one',
      {
        contractNo: offer.contractNo,
        expiresAt: offer.expiresAt,
      },
    );
  if (input.contentSha256 !== offer.contentSha256)
    throw stateRefusal(
      'CONTRACT_CHANGED',
      'contentSha256',
      'signed_what_was_shown',
      '合同内容已更新，请重新阅读后签署',
      'the contract has changed since it was shown; read it again and sign',
      { contractNo: offer.contractNo, contentSha256: offer.contentSha256 },
    );
  const problem = signerProblem(a.applicantName, input.signerName);
  if (problem)
    throw new DomainError('invalid', 'VALIDATION_FAILED', `请求参数有误：${problem.zh}`, `Invalid request: ${problem.en}`, [
      { field: problem.field, rule: problem.rule, message: problem.zh, messageEn: problem.en },
    ]);
  return offer;
}

/** The customer signs the offer they were shown. A repeat after success is refused 409 (signed once); nothing is written on any refusal. */
export async function signContract(db: Db, p: Principal, id: number, input: ContractSignInput, now = new Date()) {
  const ctx = await getSlaContext(db);
  return withTx(db, async (tx) => {
    const a = await findVisible(tx, p, id, true);
    const offers = await offersOf(tx, a.id, now, true);
    const offer = checkSignable(a, offers.filter((o) => o.status !== 'withdrawn').at(-1), input);
    if ((await agreementsOf(tx, a.id)).some((g) => g.kind === 'supply_contract'))
      throw stateRefusal(
        'CONTRACT_RECORDED',
        'agreements.supply_contract',
        'contract_recorded',
        '供用电合同已登记',
        'the supply contract is already on record',
      );
    const signerName = input.signerName.trim();
    const userAgent = p.userAgent?.slice(0, 500) ?? null;
    const record = {
      offerId: offer.id,
      contractNo: offer.contractNo,
      contentSha256: offer.contentSha256,
      signerName,
      signedAt: now.toISOString(),
      userId: p.id,
      ip: p.ip,
      userAgent,
    };
    const seal = signatureHash(record);
    const { rows } = await tx.query(
      `UPDATE connection_contract_offers SET status = 'signed', signer_name = $2, signed_at = $3, signed_by = $4, signed_ip = $5, signed_user_agent = $6, signature_sha256 = $7
       WHERE id = $1 RETURNING *`,
      [offer.id, signerName, now, p.id, p.ip, userAgent, seal],
    );
    await tx.query(`INSERT INTO connection_agreements (application_id, kind, ref_no, signed_on, recorded_by) VALUES ($1,'supply_contract',$2,$3,$4)`, [
      a.id,
      offer.contractNo,
      localToday(ctx, now),
      p.id,
    ]);
    await notify(tx, a, 'contract_signed', `您已签署供用电合同 ${offer.contractNo}`, { contractNo: offer.contractNo });
    await recordAudit(tx, actorOf(p), {
      action: 'connection.contract_sign',
      entity: 'connection_application',
      entityId: a.id,
      orgUnitId: a.orgUnitId,
      after: { contractNo: offer.contractNo, contentSha256: offer.contentSha256, signatureSha256: seal, signerName },
    });
    return toOffer(rows[0], now);
  });
}
