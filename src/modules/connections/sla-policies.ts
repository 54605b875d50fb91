/**
 * Seed data: the connection clocks as SLA policies (order type 'connection') in the two policy
 * sets the SLA engine already has. Loaded once per database (defaults.ts); administrators change
 * them as new versions (sla-admin.ts, POST /api/connections/sla-policies/:id/versions), never by
 * editing code.
 *
 *  - '2011' (国家电网办〔2011〕1493号 十项承诺): supply plan reply within 3 / 7 / 15 / 30 working
 *    days (residential / low-voltage / HV single / HV dual supply); power-on within 3
 *    (residential) or 5 (others) working days once completion inspection has passed and the
 *    contract is signed.
 *  - 'current' (发改能源规〔2020〕1479号): whole process at most 5 / 6 / 22 / 32 working days, from
 *    receipt until the application enters archive (its last grid-company step is done: power-on,
 *    or the contract of a rename / transfer).
 * Only the grid company's time counts: the state `customer_wait` (building works, paying, missing
 * documents after the one notice) pauses every clock.
 */
import type { ClockDef, SlaPolicy } from '../../platform/sla/policy-types.js';
import { ARCHIVED, CANCELLED, CUSTOMER_WAIT, type CustomerClass } from './stage-rules.js';

export const ORDER_TYPE = 'connection';
const SINCE = '2000-01-01T00:00:00+08:00';
const WARN = [0.5, 0.75, 0.9];

function wd(name: string, n: number, extra: Partial<ClockDef> = {}): ClockDef {
  return {
    name,
    basis: 'working_days',
    workingDays: n,
    convention: 'end_of_day',
    stopOn: { states: ['archive', ARCHIVED] },
    pauseStates: [CUSTOMER_WAIT],
    cancelStates: [CANCELLED],
    warnFractions: WARN,
    ...extra,
  };
}

const policy = (code: string, set: string, cls: CustomerClass, clocks: ClockDef[], source: string, title: string): SlaPolicy => ({
  code,
  policySet: set,
  version: 1,
  match: { orderType: ORDER_TYPE, subtype: null, channel: null, customerClass: cls, areaType: null },
  validFrom: SINCE,
  validTo: null,
  clocks,
  source,
  title,
});

const CURRENT: [CustomerClass, number][] = [
  ['residential', 5],
  ['lv_nonresidential', 6],
  ['hv_single', 22],
  ['hv_dual', 32],
];
const PLAN_2011: [CustomerClass, number, number][] = [
  ['residential', 3, 3],
  ['lv_nonresidential', 7, 5],
  ['hv_single', 15, 5],
  ['hv_dual', 30, 5],
];

export const CONNECTION_SLA_POLICIES: SlaPolicy[] = [
  ...CURRENT.map(([cls, n]) =>
    policy(
      `connection-${cls}`,
      'current',
      cls,
      [wd('process', n)],
      '发改能源规〔2020〕1479号：低压居民、低压非居民、高压单电源、高压双电源全流程办电时间 5、6、22、32 个工作日以内（仅计供电企业环节）',
      `业扩全流程时限 ${n} 个工作日`,
    ),
  ),
  ...PLAN_2011.map(([cls, plan, power]) =>
    policy(
      `connection-${cls}`,
      '2011',
      cls,
      [
        wd('plan_reply', plan, { stopOn: { actions: ['done:plan'], states: ['archive', ARCHIVED] } }),
        wd('power_on', power, { startOn: ['done:contract'], stopOn: { actions: ['done:power_on'], states: ['archive', ARCHIVED] } }),
      ],
      '国家电网办〔2011〕1493号 十项承诺：供电方案答复 居民 3、低压 7、高压单电源 15、高压双电源 30 个工作日；受电工程检验合格并办结手续后居民 3、非居民 5 个工作日送电',
      `供电方案答复 ${plan} / 装表接电 ${power} 个工作日`,
    ),
  ),
];
