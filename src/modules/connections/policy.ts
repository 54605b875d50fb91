/**
 * The connection policy document: every number and list the connection rules use, as data.
 * Versioned in connection_policies (an administrator saves a new version; applications remember
 * the version they were received under). The stage clocks themselves are SLA policies
 * (sla-policies.ts) in the shared SLA engine. Sources are named beside each figure and in
 * docs/connections.md.
 */
import type { CustomerClass, Initiator } from './stage-rules.js';
import { DEFAULT_CLOSURE_POLICY, type ClosurePolicy } from './closure-rules.js';
import { DEFAULT_CONTRACT_POLICY, type ContractPolicy } from './contract-rules.js';

/**
 * One entry of the document checklist: its items are asked of an application when every condition
 * given in `when` holds (an absent condition does not restrict). `kinds` / `initiators` name the
 * application kinds and initiators the entry applies to; `notKinds` / `notInitiators` those it
 * excludes. An item stated by several entries is asked once.
 */
export interface ChecklistEntry {
  when: {
    classes?: CustomerClass[];
    minVoltageKv?: number;
    legalEntity?: boolean;
    highEnergy?: boolean;
    kinds?: string[];
    notKinds?: string[];
    initiators?: Initiator[];
    notInitiators?: Initiator[];
  };
  items: string[];
}

export interface FeeItem {
  code: string;
  nameZh: string;
  nameEn: string;
  /** fen per unit */
  amountFen: number;
  unit: string;
  source: string;
}

export interface ConnectionPolicy {
  /** SLA policy set the clocks of new applications come from: 'current' (发改能源规〔2020〕1479号) or '2011' (国家电网办〔2011〕1493号) */
  activeSet: string;
  large: { minKva: number; minAnnualKwh: number };
  /** 大客户: one application at or above this needs the first and joint reviews */
  reviewMinKva: number;
  dedicatedLine: { existingMinKva: number; existingMinYears: number; longTermMinKva: number; firstApplicationMinKva: number; withinOneYearMinKva: number };
  /** 功率因数调整电费办法 (水电财字〔1983〕215号): thresholds are inclusive ("以上" includes the number) */
  powerFactor: { hvIndustrialMinKva: number; hvIndustrial: number; otherMinKva: number; other: number; agriculturalMinKva: number; agricultural: number };
  /** 供电营业规则 (1996) Art. 23/24 */
  pause: { noticeDays: number; minDays: number; maxPerYear: number; maxDaysPerYear: number };
  reduction: { minMonths: number; maxMonths: number; restoreNoticeDays: number; noticeDays: number };
  supplyPlan: { ctMinRatingOverLoad: number; ctMinLoadShare: number };
  documents: { maxBytes: number; types: string[]; checklist: ChecklistEntry[] };
  fees: FeeItem[];
  /**
   * 大客户年度检查 (电力大客户服务管理办法): every large customer inspected at least once a calendar
   * year; a finding is rectified within `rectificationDays` unless the inspector sets a date; a
   * planned inspection not done `graceDays` after its planned date is overdue. Older stored
   * policy versions lack this part: DEFAULT_INSPECTION_POLICY applies to them.
   */
  inspection?: InspectionPolicy;
  /** 销户 after six months without consumption (供电营业规则 Art. 33) and the 暂拆 limit (Art. 26); older versions lack it: DEFAULT_CLOSURE_POLICY applies */
  closure?: ClosurePolicy;
  /** 网上签约: the supply contract's text and terms (contract-rules.ts); older versions lack it: DEFAULT_CONTRACT_POLICY applies */
  contract?: ContractPolicy;
}

export interface InspectionPolicy {
  rectificationDays: number;
  graceDays: number;
  /** the plan spreads a year's inspections over these months (1–12), in register order */
  planMonths: number[];
  /** day of the month the plan proposes */
  planDay: number;
}

export const DEFAULT_INSPECTION_POLICY: InspectionPolicy = { rectificationDays: 30, graceDays: 0, planMonths: [3, 4, 5, 6, 7, 8, 9, 10, 11], planDay: 15 };

/** The change services of an existing supply other than a change of holder (更名, 过户 have their own entries). */
const CHANGE_SERVICES = ['relocation', 'temporary_removal', 'pause', 'pause_end', 'reduction', 'reduction_end', 'meter_relocation', 'use_class_change'];
const HOLDER_CHANGES = ['rename', 'transfer'];

/**
 * The default document checklist (业扩报装 acceptance rules; 电力大客户服务管理办法 for 10 kV and above;
 * docs/connections.md, "Documents"):
 * - the applicant's own documents, by class, for everything but a change of holder, and never for
 *   an application the company started itself (a 销户 of an account unused for six months is the
 *   company's case: the customer is not asked for an ID card);
 * - 10 kV legal entities, new or increase: the project documents, and for high-energy industries
 *   the environmental assessment and the production permit;
 * - 更名 / 过户: the new holder's documents (the applicant is the new holder), the property proof
 *   and the proof of the change.
 */
export const DEFAULT_CHECKLIST: ChecklistEntry[] = [
  { when: { classes: ['residential'], notKinds: HOLDER_CHANGES, notInitiators: ['company'] }, items: ['id_card', 'property_proof'] },
  {
    when: { classes: ['lv_nonresidential'], notKinds: HOLDER_CHANGES, notInitiators: ['company'] },
    items: ['business_licence', 'legal_person_id', 'property_proof'],
  },
  {
    when: { minVoltageKv: 10, legalEntity: true, kinds: ['new', 'increase'] },
    items: ['business_licence', 'legal_person_id', 'project_approval', 'site_plan', 'equipment_list', 'substation_design', 'capacity_plan'],
  },
  { when: { minVoltageKv: 10, legalEntity: true, highEnergy: true, kinds: ['new', 'increase'] }, items: ['environmental_assessment', 'production_permit'] },
  {
    when: { minVoltageKv: 10, legalEntity: true, kinds: [...CHANGE_SERVICES, 'closure'], notInitiators: ['company'] },
    items: ['business_licence', 'legal_person_id'],
  },
  { when: { kinds: HOLDER_CHANGES, legalEntity: false }, items: ['new_owner_id', 'property_proof', 'change_proof'] },
  { when: { kinds: HOLDER_CHANGES, legalEntity: true }, items: ['new_owner_licence', 'legal_person_id', 'property_proof', 'change_proof'] },
];

export const DEFAULT_CONNECTION_POLICY: ConnectionPolicy = {
  activeSet: 'current',
  large: { minKva: 2000, minAnnualKwh: 5_000_000 },
  reviewMinKva: 2000,
  inspection: DEFAULT_INSPECTION_POLICY,
  closure: DEFAULT_CLOSURE_POLICY,
  contract: DEFAULT_CONTRACT_POLICY,
  dedicatedLine: { existingMinKva: 4000, existingMinYears: 4, longTermMinKva: 4000, firstApplicationMinKva: 2000, withinOneYearMinKva: 4000 },
  powerFactor: { hvIndustrialMinKva: 160, hvIndustrial: 0.9, otherMinKva: 100, other: 0.85, agriculturalMinKva: 100, agricultural: 0.8 },
  pause: { noticeDays: 5, minDays: 15, maxPerYear: 2, maxDaysPerYear: 183 },
  reduction: { minMonths: 6, maxMonths: 24, restoreNoticeDays: 5, noticeDays: 5 },
  supplyPlan: { ctMinRatingOverLoad: 1.0, ctMinLoadShare: 0.3 },
  documents: {
    maxBytes: 5 * 1024 * 1024,
    types: ['application/pdf', 'image/jpeg', 'image/png'],
    checklist: DEFAULT_CHECKLIST,
  },
  fees: [
    {
      code: 'high_reliability',
      nameZh: '高可靠性供电费',
      nameEn: 'High-reliability supply fee',
      amountFen: 16_000,
      unit: 'kVA',
      source: '发改价格〔2003〕2279号；省价格主管部门公布标准（示例数值）',
    },
    {
      code: 'temporary_deposit',
      nameZh: '临时接电费',
      nameEn: 'Temporary connection fee',
      amountFen: 5_000,
      unit: 'kVA',
      source: '省价格主管部门公布标准（示例数值）',
    },
  ],
};
