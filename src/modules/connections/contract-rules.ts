/**
 * Pure: the supply contract (供用电合同) offered for signing on the portal (网上签约).
 *
 * The contract's text is data (the policy's `contract` part: a title, numbered clauses with
 * placeholders, a term in years by customer class, how long an offer stays open). `contractTerms`
 * fills the clauses from the application and its supply plan; `contentHash` is the sha-256 of the
 * terms in a canonical JSON form (keys sorted), so the customer signs exactly the text they were
 * shown and a changed offer is told apart. `signerProblem` checks the name typed against the
 * applicant's. `signatureHash` seals a signature record (offer, content hash, name, time, account,
 * address) so that a stored signature changed afterwards no longer matches its hash.
 */
import { createHash } from 'node:crypto';
import type { CustomerClass } from './stage-rules.js';

export interface ContractClause {
  zh: string;
  en: string;
}

export interface ContractPolicy {
  templateVersion: string;
  titleZh: string;
  titleEn: string;
  /** days an offer stays open for signing (calendar days from the offer) */
  offerValidDays: number;
  /** contract term in years by customer class; 0 = open-ended (不定期) */
  termYears: Record<CustomerClass, number>;
  clauses: ContractClause[];
}

/**
 * Illustrative clauses in the order of the model supply contracts (供用电合同示范文本): supply
 * mode and capacity, use class and tariff, metering, payment and late fees (供电营业规则 1996
 * Art. 98), property boundary and maintenance, quality and outage notice (Art. 67: planned
 * outages announced seven days ahead), changes of use, disputes, term. A company edits them as a
 * new policy version; placeholders in braces are filled by `contractTerms`.
 */
export const DEFAULT_CONTRACT_POLICY: ContractPolicy = {
  templateVersion: '2026.1',
  titleZh: '供用电合同',
  titleEn: 'Electricity supply contract',
  offerValidDays: 30,
  termYears: { residential: 0, lv_nonresidential: 5, hv_single: 3, hv_dual: 3 },
  clauses: [
    {
      zh: '供电方式与容量：供电人按供电方案“{supplyMode}”向用电人供电，供电电压 {voltageKv} kV，约定用电容量 {contractedKva} kVA。',
      en: 'Supply and capacity: the supplier supplies the customer as in the supply plan "{supplyMode}", at {voltageKv} kV, with a contracted capacity of {contractedKva} kVA.',
    },
    {
      zh: '用电地址与性质：用电地址为 {address}；用电类别为 {classZh}，按政府价格主管部门核定的电价和用电类别计收电费。',
      en: 'Address and use: the supply address is {address}; the use class is {classEn}, billed at the tariff set by the government price authority for that class.',
    },
    {
      zh: '电能计量：以安装在产权分界处的电能计量装置的记录作为计费依据；用电人对计量有异议时可申请校验。',
      en: 'Metering: the meter installed at the property boundary is the basis of billing; the customer may ask for a test of the meter.',
    },
    {
      zh: '电费缴纳：用电人应在电费通知单所列缴费期限内交清电费；逾期按《供电营业规则》第九十八条承担电费违约金。',
      en: 'Payment: the customer pays each bill by the due date on it; a late payment bears the late fee of Art. 98 of the Electricity Supply Business Rules.',
    },
    {
      zh: '产权分界与维护：产权分界点以供电方案为准，双方各自负责产权范围内设施的运行维护和安全责任。',
      en: 'Property boundary: the boundary is the one of the supply plan; each party operates, maintains and answers for the installations on its side.',
    },
    {
      zh: '供电质量与停电通知：供电人按国家规定的电能质量标准供电；计划检修停电提前七天公告或通知用电人。',
      en: 'Quality and outages: the supplier supplies at the national quality standards; planned maintenance outages are announced or notified seven days ahead.',
    },
    {
      zh: '用电变更：增容、减容、暂停、迁址、更名、过户、改类等变更，用电人应事先到供电人办理手续。',
      en: 'Changes: increases, reductions, pauses, relocations, renames, transfers and changes of use class are applied for with the supplier beforehand.',
    },
    {
      zh: '争议解决：双方协商解决；协商不成的，可请求电力管理部门调解，或依法向人民法院起诉。',
      en: 'Disputes: settled by consultation; failing that, by mediation of the power administration or before a court.',
    },
    {
      zh: '合同期限：{termZh}。本合同经用电人签署、供电人确认后生效。',
      en: 'Term: {termEn}. The contract takes effect when signed by the customer and confirmed by the supplier.',
    },
  ],
};

const CLASS_LABEL: Record<CustomerClass, { zh: string; en: string }> = {
  residential: { zh: '居民生活用电', en: 'residential' },
  lv_nonresidential: { zh: '低压非居民用电', en: 'low-voltage non-residential' },
  hv_single: { zh: '高压单电源用电', en: 'high-voltage single supply' },
  hv_dual: { zh: '高压双电源用电', en: 'high-voltage dual supply' },
};

export interface ContractFacts {
  appNo: string;
  customerClass: CustomerClass;
  applicantName: string;
  legalEntity: boolean;
  address: string;
  voltageKv: number;
  contractedKva: number;
  supplyMode: string | null;
  supplier: string;
}

export interface ContractTerms {
  templateVersion: string;
  contractNo: string;
  title: ContractClause;
  supplier: string;
  customer: { name: string; legalEntity: boolean; address: string };
  supply: { customerClass: CustomerClass; voltageKv: number; contractedKva: number; supplyMode: string };
  termYears: number;
  clauses: (ContractClause & { no: number })[];
}

/** `HT` + application number + `-` + the offer's number for that application (1, 2, … after a withdrawal). */
export function contractNo(appNo: string, offerNo: number): string {
  return `HT${appNo}-${offerNo}`;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k] : m));
}

export function contractTerms(policy: ContractPolicy, f: ContractFacts, offerNo: number): ContractTerms {
  const term = policy.termYears[f.customerClass] ?? 0;
  const supplyMode = f.supplyMode?.trim() || '按供电方案 / as in the supply plan';
  const values: Record<string, string> = {
    supplyMode,
    voltageKv: String(f.voltageKv),
    contractedKva: String(f.contractedKva),
    address: f.address,
    classZh: CLASS_LABEL[f.customerClass].zh,
    classEn: CLASS_LABEL[f.customerClass].en,
    termZh: term > 0 ? `${term} 年，期满双方均未提出异议的，按原条件续期` : '不定期，自生效之日起至依法解除时止',
    termEn: term > 0 ? `${term} years, renewed on the same terms unless either party objects` : 'open-ended, until lawfully terminated',
  };
  return {
    templateVersion: policy.templateVersion,
    contractNo: contractNo(f.appNo, offerNo),
    title: { zh: policy.titleZh, en: policy.titleEn },
    supplier: f.supplier,
    customer: { name: f.applicantName, legalEntity: f.legalEntity, address: f.address },
    supply: { customerClass: f.customerClass, voltageKv: f.voltageKv, contractedKva: f.contractedKva, supplyMode },
    termYears: term,
    clauses: policy.clauses.map((c, i) => ({ no: i + 1, zh: fill(c.zh, values), en: fill(c.en, values) })),
  };
}

/** JSON with object keys sorted at every level (arrays keep their order): one text per value. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function contentHash(terms: ContractTerms): string {
  return sha256Hex(canonicalJson(terms));
}

/** Names compared after Unicode NFKC (full-width letters and digits), trimmed, inner whitespace removed. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export type SignProblem = { field: string; rule: string; zh: string; en: string } | null;

export function signerProblem(applicantName: string, typed: string): SignProblem {
  if (normaliseName(typed) === '') return { field: 'signerName', rule: 'required', zh: '请填写签署人姓名', en: 'type your name to sign' };
  if (normaliseName(typed) !== normaliseName(applicantName))
    return {
      field: 'signerName',
      rule: 'signer_is_applicant',
      zh: '签署人姓名须与申请人（户名）一致',
      en: "the signer's name must be the applicant's name",
    };
  return null;
}

/** The last instant an offer can be signed: offered + validDays × 24 h. */
export function offerExpiresAt(offeredAt: Date, validDays: number): Date {
  return new Date(offeredAt.getTime() + validDays * 86_400_000);
}

export interface SignatureRecord {
  offerId: number;
  contractNo: string;
  contentSha256: string;
  signerName: string;
  signedAt: string;
  userId: number;
  ip: string | null;
  userAgent: string | null;
}

export function signatureHash(r: SignatureRecord): string {
  return sha256Hex(canonicalJson(r));
}
