/**
 * Quality checks on a completed repair: the times are present and in order, the cause class fits
 * the faulted device, and customer-side (beyond the property boundary) faults are marked as such.
 */
export type FaultDeviceKind = 'substation' | 'feeder' | 'transformer' | 'service_point';

export interface RepairRecord {
  receivedAt: Date | null;
  dispatchedAt: Date | null;
  arrivedAt: Date | null;
  restoredAt: Date | null;
  closedAt: Date | null;
  causeClass: string | null;
  deviceKind: FaultDeviceKind | null;
  customerSide: boolean;
}

export interface RepairQualityPolicy {
  /** Cause classes allowed for a fault on each kind of device. */
  causesByDevice: Record<FaultDeviceKind, string[]>;
  /** Cause classes that lie on the customer's side of the property boundary. */
  customerSideCauses: string[];
}

export interface QualityIssue {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

const ORDER: [keyof RepairRecord, string][] = [
  ['receivedAt', '受理'],
  ['dispatchedAt', '派工'],
  ['arrivedAt', '到达'],
  ['restoredAt', '复电'],
  ['closedAt', '归档'],
];
const REQUIRED: (keyof RepairRecord)[] = ['receivedAt', 'arrivedAt', 'restoredAt'];

export function checkRepairQuality(r: RepairRecord, policy: RepairQualityPolicy): QualityIssue[] {
  const issues: QualityIssue[] = [];
  for (const f of REQUIRED) if (!r[f]) issues.push({ field: f, rule: 'required', zh: `缺少${ORDER.find(([k]) => k === f)![1]}时间`, en: `${f} is missing` });
  let prev: [string, Date, string] | null = null;
  for (const [f, zh] of ORDER) {
    const v = r[f] as Date | null;
    if (!v) continue;
    if (prev && v.getTime() < prev[1].getTime()) issues.push({ field: f, rule: 'order', zh: `${zh}时间早于${prev[2]}时间`, en: `${f} is before ${prev[0]}` });
    prev = [f, v, zh];
  }
  if (!r.causeClass) issues.push({ field: 'causeClass', rule: 'required', zh: '缺少故障原因', en: 'cause class is missing' });
  else {
    const customerSideCause = policy.customerSideCauses.includes(r.causeClass);
    if (r.deviceKind && !policy.causesByDevice[r.deviceKind].includes(r.causeClass)) {
      issues.push({
        field: 'causeClass',
        rule: 'cause_device',
        zh: '故障原因与故障设备不符',
        en: `cause ${r.causeClass} does not fit a ${r.deviceKind} fault`,
      });
    }
    if (customerSideCause && !r.customerSide)
      issues.push({
        field: 'customerSide',
        rule: 'customer_side_unmarked',
        zh: '客户侧（产权分界点以下）故障未标记',
        en: 'a customer-side fault is not marked as such',
      });
    if (!customerSideCause && r.customerSide)
      issues.push({
        field: 'customerSide',
        rule: 'customer_side_cause',
        zh: '标记为客户侧故障但原因属于供电侧',
        en: 'marked customer-side but the cause is on the company side',
      });
  }
  return issues;
}
