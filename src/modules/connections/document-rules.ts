/**
 * Pure: which documents an application needs (the checklist by class, voltage, legal form and
 * industry is policy data), which are missing or expired, and what an uploaded file really is
 * (by its first bytes, never by its name or declared type).
 */
import type { ChecklistEntry, ConnectionPolicy } from './policy.js';
import type { CustomerClass, Initiator } from './stage-rules.js';

export const DOCUMENT_KINDS = [
  'id_card',
  'property_proof',
  'business_licence',
  'legal_person_id',
  'project_approval',
  'site_plan',
  'equipment_list',
  'substation_design',
  'capacity_plan',
  'environmental_assessment',
  'production_permit',
  'new_owner_id',
  'new_owner_licence',
  'change_proof',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_LABEL: Record<DocumentKind, { zh: string; en: string }> = {
  id_card: { zh: '身份证明', en: 'ID' },
  property_proof: { zh: '房屋产权证明', en: 'property proof' },
  business_licence: { zh: '营业执照', en: 'business licence' },
  legal_person_id: { zh: '法定代表人身份证明', en: "legal person's ID" },
  project_approval: { zh: '项目批复（核准、备案）文件', en: 'project approval' },
  site_plan: { zh: '用电地址总平面图', en: 'site plan' },
  equipment_list: { zh: '用电设备清单', en: 'equipment list' },
  substation_design: { zh: '变电所设计资料', en: 'substation design documents' },
  capacity_plan: { zh: '近期及远期用电容量', en: 'near- and long-term capacity' },
  environmental_assessment: { zh: '环境影响评价文件', en: 'environmental assessment' },
  production_permit: { zh: '生产许可证', en: 'production permit' },
  new_owner_id: { zh: '新户主身份证明', en: "new holder's ID" },
  new_owner_licence: { zh: '新户主（变更后）营业执照', en: "new holder's business licence" },
  change_proof: { zh: '更名或过户证明（产权变更、工商变更登记或过户协议）', en: 'proof of the change of name or holder' },
  other: { zh: '其他资料', en: 'other document' },
};

export interface ChecklistFacts {
  kind: string;
  customerClass: CustomerClass;
  voltageKv: number;
  legalEntity: boolean;
  highEnergy: boolean;
  /** who started the application: the customer, or the company itself (a 销户 case) */
  initiator: Initiator;
}

/** Whether a checklist entry applies: every condition it states holds (kinds and initiators listed, or not excluded). */
export function entryApplies(e: ChecklistEntry, f: ChecklistFacts): boolean {
  const w = e.when;
  return (
    (w.classes === undefined || w.classes.includes(f.customerClass)) &&
    (w.minVoltageKv === undefined || f.voltageKv >= w.minVoltageKv) &&
    (w.legalEntity === undefined || w.legalEntity === f.legalEntity) &&
    (w.highEnergy === undefined || w.highEnergy === f.highEnergy) &&
    (w.kinds === undefined || w.kinds.includes(f.kind)) &&
    (w.notKinds === undefined || !w.notKinds.includes(f.kind)) &&
    (w.initiators === undefined || w.initiators.includes(f.initiator)) &&
    (w.notInitiators === undefined || !w.notInitiators.includes(f.initiator))
  );
}

/** Every item the checklist asks of this application, once each, in checklist order. */
export function requiredDocuments(f: ChecklistFacts, checklist: readonly ChecklistEntry[]): string[] {
  const out: string[] = [];
  for (const e of checklist) if (entryApplies(e, f)) for (const i of e.items) if (!out.includes(i)) out.push(i);
  return out;
}

export interface HeldDocument {
  kind: string;
  validUntil: string | null;
}
export interface MissingItem {
  kind: string;
  problem: 'missing' | 'expired';
  zh: string;
  en: string;
}

const label = (k: string) => DOCUMENT_LABEL[k as DocumentKind] ?? { zh: k, en: k };

/** Items required but absent, or present only with a validity date before `today` (YYYY-MM-DD, local). */
export function missingItems(required: readonly string[], held: readonly HeldDocument[], today: string): MissingItem[] {
  const out: MissingItem[] = [];
  for (const kind of required) {
    const docs = held.filter((d) => d.kind === kind);
    const l = label(kind);
    if (docs.length === 0) out.push({ kind, problem: 'missing', zh: `缺少${l.zh}`, en: `${l.en} is missing` });
    else if (!docs.some((d) => d.validUntil === null || d.validUntil >= today)) {
      const last = docs
        .map((d) => d.validUntil!)
        .sort()
        .at(-1);
      out.push({ kind, problem: 'expired', zh: `${l.zh}已过期（有效期至 ${last}）`, en: `${l.en} expired on ${last}` });
    }
  }
  return out;
}

/** The content type by magic bytes: PDF `%PDF-`, JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A; null otherwise. */
export function sniffType(bytes: Uint8Array): string | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

export interface UploadProblem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

/** Refusals for an upload: empty, too large, or not one of the allowed types by content. */
export function uploadProblems(bytes: Uint8Array, p: ConnectionPolicy['documents']): UploadProblem[] {
  if (bytes.length === 0) return [{ field: 'content', rule: 'empty', zh: '文件为空', en: 'the file is empty' }];
  if (bytes.length > p.maxBytes)
    return [
      {
        field: 'content',
        rule: 'max_size',
        zh: `文件超过 ${Math.round(p.maxBytes / 1024 / 1024)} MB 上限`,
        en: `the file exceeds the ${Math.round(p.maxBytes / 1024 / 1024)} MB limit`,
      },
    ];
  const t = sniffType(bytes);
  if (!t || !p.types.includes(t))
    return [
      {
        field: 'content',
        rule: 'file_type',
        zh: '只接受 PDF、JPEG、PNG 文件（按文件内容判断）',
        en: 'only PDF, JPEG or PNG files are accepted (judged by content)',
      },
    ];
  return [];
}
