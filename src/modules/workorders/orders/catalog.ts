import { ORDER_ACTIONS, ORDER_STATES } from '../lifecycle/lifecycle-rules.js';

/** The 95598 order types, subtypes, channels and urgency levels (issue 3, "Intake"), with their zh-CN names. */
export const ORDER_TYPES = {
  fault_repair: { zh: '故障报修', en: 'Fault repair', subtypes: [] },
  consultation: { zh: '咨询', en: 'Consultation', subtypes: [] },
  complaint: { zh: '投诉', en: 'Complaint', subtypes: ['service', 'business', 'outage', 'supply_quality', 'grid_construction'] },
  report: { zh: '举报', en: 'Report', subtypes: [] },
  suggestion: { zh: '意见建议', en: 'Suggestion', subtypes: [] },
  praise: { zh: '表扬', en: 'Praise', subtypes: [] },
  service_request: {
    zh: '业务申请',
    en: 'Service request',
    subtypes: ['reconnection', 'damaged_appliance', 'meter_fault', 'reading_error', 'reading_dispute', 'meter_test', 'other'],
  },
} as const satisfies Record<string, { zh: string; en: string; subtypes: readonly string[] }>;
export type OrderType = keyof typeof ORDER_TYPES;

export const SUBTYPE_NAMES: Record<string, { zh: string; en: string }> = {
  service: { zh: '服务投诉', en: 'Service' },
  business: { zh: '营业投诉', en: 'Business handling' },
  outage: { zh: '停电投诉', en: 'Outage' },
  supply_quality: { zh: '供电质量投诉', en: 'Supply quality' },
  grid_construction: { zh: '电网建设投诉', en: 'Grid construction' },
  reconnection: { zh: '欠费复电', en: 'Reconnection after payment' },
  damaged_appliance: { zh: '家电损坏', en: 'Damaged appliance' },
  meter_fault: { zh: '电能表故障', en: 'Meter fault' },
  reading_error: { zh: '抄表差错', en: 'Reading error' },
  reading_dispute: { zh: '电量电费异议', en: 'Reading dispute' },
  meter_test: { zh: '电能表校验', en: 'Meter test' },
  other: { zh: '其他', en: 'Other' },
};

export const CHANNELS = {
  phone: { zh: '95598 电话', en: 'Phone (95598)', staffEntered: false },
  web: { zh: '网站', en: 'Web portal', staffEntered: false },
  mobile: { zh: '手机应用', en: 'Mobile', staffEntered: false },
  counter: { zh: '营业厅', en: 'Service-hall counter', staffEntered: true },
  letter: { zh: '信函', en: 'Letter', staffEntered: true },
  fax: { zh: '传真', en: 'Fax', staffEntered: true },
  email: { zh: '电子邮件', en: 'E-mail', staffEntered: false },
  ref_12398: { zh: '12398 转办', en: 'Referral from 12398', staffEntered: true },
  ref_12345: { zh: '12345 转办', en: 'Referral from 12345', staffEntered: true },
} as const;
export type Channel = keyof typeof CHANNELS;

export const URGENCIES = ['normal', 'urgent', 'major'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Callback outcomes (回访结果): satisfied and basically satisfied close the order, dissatisfied reopens it. */
export const CALLBACK_RESULTS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

export const AREA_TYPES = ['urban', 'rural', 'remote'] as const;
export const CUSTOMER_CLASSES = ['residential', 'lv_nonresidential', 'hv'] as const;

/** The catalog as the API shows it (GET /api/workorders/catalog): codes with their zh-CN and English names. */
export function catalogView() {
  return {
    orderTypes: Object.entries(ORDER_TYPES).map(([code, t]) => ({
      code,
      zh: t.zh,
      en: t.en,
      subtypes: t.subtypes.map((s) => ({ code: s, ...SUBTYPE_NAMES[s] })),
    })),
    channels: Object.entries(CHANNELS).map(([code, c]) => ({ code, ...c })),
    urgencies: [...URGENCIES],
    states: [...ORDER_STATES],
    actions: [...ORDER_ACTIONS],
  };
}

export function isSubtypeOf(type: string, subtype: string | null): boolean {
  const t = ORDER_TYPES[type as OrderType];
  if (!t) return false;
  if (subtype === null) return t.subtypes.length === 0;
  return (t.subtypes as readonly string[]).includes(subtype);
}
