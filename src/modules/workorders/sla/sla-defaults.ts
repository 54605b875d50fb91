/**
 * Seed data: the default SLA policy sets and policies for 95598 orders (docs/rules.md §1).
 * This file is data, loaded into the sla_policies table on first start; administrators change
 * policies through the API afterwards (new versions), never by editing code.
 * Figures marked UNCONFIRMED follow docs/rules.md and are meant to be reviewed by an administrator.
 */
import type { ClockDef, PolicyMatch, PolicySet, SlaPolicy } from '../../../platform/sla/policy-types.js';

export const DEFAULT_POLICY_SET = 'current';
export const DEFAULT_WARN_FRACTIONS = [0.5, 0.75, 0.9];

export const SEED_POLICY_SETS: PolicySet[] = [
  { name: '2011', fallback: null, title: '国家电网办〔2011〕1493号 供电服务"十项承诺"' },
  { name: 'current', fallback: null, title: '现行供电服务承诺（2023 起）' },
  // A set answers every order it has any matching policy for; only orders it has none for fall back.
  { name: 'jiangsu', fallback: 'current', title: '国网江苏省电力 2021 工单时限（其余沿用现行）' },
];

const SINCE = '2000-01-01T00:00:00+08:00';
const DONE = ['handled', 'callback', 'closed'];
const CANCEL = ['terminated', 'merged'];
const HOURS = 60;
const DAYS = 24 * HOURS;

function natural(name: string, minutes: number, extra: Partial<ClockDef> = {}): ClockDef {
  return {
    name,
    basis: 'natural',
    minutes,
    stopOn: { states: DONE },
    pauseStates: ['waiting_customer', 'suspended'],
    cancelStates: CANCEL,
    warnFractions: DEFAULT_WARN_FRACTIONS,
    ...extra,
  };
}
function workingDays(name: string, n: number, extra: Partial<ClockDef> = {}): ClockDef {
  return {
    name,
    basis: 'working_days',
    workingDays: n,
    convention: 'end_of_day',
    stopOn: { states: DONE },
    pauseStates: ['waiting_customer', 'suspended'],
    cancelStates: CANCEL,
    warnFractions: DEFAULT_WARN_FRACTIONS,
    ...extra,
  };
}
/** Contact clocks stop at the first recorded contact with the customer (or when handled). */
const contactStop = { stopOn: { states: DONE, actions: ['record_contact'] } };
/** Repair crews: arrival stops on 'arrive'; restoration starts there; only a waiting customer pauses them. */
const arrival = (min: number) => natural('arrival', min, { stopOn: { states: DONE, actions: ['arrive'] }, pauseStates: ['waiting_customer'] });
const restoration = (min: number) => natural('restoration', min, { startOn: ['arrive'], pauseStates: ['waiting_customer'] });

function policy(code: string, policySet: string, match: Partial<PolicyMatch> & { orderType: string }, clocks: ClockDef[], source: string): SlaPolicy {
  return {
    code,
    policySet,
    version: 1,
    match: { subtype: null, channel: null, customerClass: null, areaType: null, ...match },
    validFrom: SINCE,
    validTo: null,
    clocks,
    source,
  };
}

const REFERRALS: [string, number | null, number | null, string][] = [
  // channel, working days, natural minutes, source
  ['ref_12398', 10, null, '江苏 2021：12398 转办 10 个工作日'],
  ['ref_12345', null, 7 * DAYS, '江苏 2021：12345 转办 7 天'],
];
const REFERRED_TYPES = ['complaint', 'report', 'consultation', 'suggestion', 'service_request'];

function referralPolicies(set: string): SlaPolicy[] {
  return REFERRALS.flatMap(([channel, wd, min, source]) =>
    REFERRED_TYPES.map((orderType) => {
      const reply = wd !== null ? workingDays('reply', wd) : natural('reply', min!);
      const clocks = orderType === 'complaint' && set !== '2011' ? [natural('contact', 1 * DAYS, contactStop), reply] : [reply];
      return policy(`${orderType}-${channel}`, set, { orderType, channel }, clocks, source);
    }),
  );
}

export const SEED_POLICIES: SlaPolicy[] = [
  // 2011 set (国家电网办〔2011〕1493号)
  policy('repair-urban', '2011', { orderType: 'fault_repair', areaType: 'urban' }, [arrival(45)], '2011 十项承诺：城区 45 分钟到达'),
  policy('repair-rural', '2011', { orderType: 'fault_repair', areaType: 'rural' }, [arrival(90)], '2011 十项承诺：农村 90 分钟到达'),
  policy('repair-remote', '2011', { orderType: 'fault_repair', areaType: 'remote' }, [arrival(2 * HOURS)], '2011 十项承诺：边远地区 2 小时到达'),
  policy(
    'complaint',
    '2011',
    { orderType: 'complaint' },
    [workingDays('contact', 1, contactStop), workingDays('reply', 7)],
    '2011 十项承诺：1 个工作日联系、7 个工作日答复',
  ),
  policy(
    'reconnection',
    '2011',
    { orderType: 'service_request', subtype: 'reconnection' },
    [natural('completion', 24 * HOURS)],
    '2011 十项承诺：缴清欠费 24 小时内复电',
  ),
  policy('meter-test', '2011', { orderType: 'service_request', subtype: 'meter_test' }, [workingDays('completion', 5)], '2011 十项承诺：校验结果 5 个工作日'),
  policy(
    'reading-dispute',
    '2011',
    { orderType: 'service_request', subtype: 'reading_dispute' },
    [workingDays('completion', 7)],
    '2011 十项承诺：电量电费异议 7 个工作日答复',
  ),
  ...referralPolicies('2011'),

  // current set (in force by 2023)
  policy(
    'repair-urban',
    'current',
    { orderType: 'fault_repair', areaType: 'urban' },
    [arrival(45), restoration(3 * HOURS)],
    '现行承诺：城区 45 分钟到达、3 小时复电',
  ),
  policy(
    'repair-rural',
    'current',
    { orderType: 'fault_repair', areaType: 'rural' },
    [arrival(90), restoration(4 * HOURS)],
    '现行承诺：农村 90 分钟到达、4 小时复电',
  ),
  policy(
    'repair-remote',
    'current',
    { orderType: 'fault_repair', areaType: 'remote' },
    [arrival(2 * HOURS), restoration(4 * HOURS)],
    '现行承诺：边远 2 小时到达；复电时限 UNCONFIRMED，暂按农村 4 小时',
  ),
  policy(
    'complaint',
    'current',
    { orderType: 'complaint' },
    [natural('contact', 1 * DAYS, contactStop), workingDays('reply', 5)],
    'UNCONFIRMED：一处来源为 24 小时联系、5 个工作日答复',
  ),
  policy('report', 'current', { orderType: 'report' }, [workingDays('reply', 9)], '江苏 2021：举报 9 个工作日（作为全国默认，UNCONFIRMED）'),
  policy(
    'reconnection',
    'current',
    { orderType: 'service_request', subtype: 'reconnection' },
    [natural('completion', 24 * HOURS)],
    '现行承诺：复电 24 小时（部分省 12 小时）',
  ),
  policy(
    'damaged-appliance',
    'current',
    { orderType: 'service_request', subtype: 'damaged_appliance' },
    [natural('arrival', 24 * HOURS, { stopOn: { states: DONE, actions: ['arrive'] } })],
    '省级规则：家电损坏 24 小时内到达现场',
  ),
  policy('meter-fault', 'current', { orderType: 'service_request', subtype: 'meter_fault' }, [workingDays('completion', 4)], '省级规则：电能表故障 4 个工作日'),
  policy(
    'reading-error',
    'current',
    { orderType: 'service_request', subtype: 'reading_error' },
    [workingDays('completion', 6)],
    '省级规则：抄表差错 6 个工作日',
  ),
  policy(
    'reading-dispute',
    'current',
    { orderType: 'service_request', subtype: 'reading_dispute' },
    [workingDays('completion', 5)],
    '现行承诺：电量电费异议 5 个工作日',
  ),
  policy('meter-test', 'current', { orderType: 'service_request', subtype: 'meter_test' }, [workingDays('completion', 5)], '现行承诺：校验结果 5 个工作日'),
  policy('service-other', 'current', { orderType: 'service_request', subtype: 'other' }, [workingDays('completion', 5)], '省级规则：其他业务 5 个工作日'),
  ...referralPolicies('current'),

  // Jiangsu (2021): only what differs; everything else falls back to 'current'
  policy(
    'complaint',
    'jiangsu',
    { orderType: 'complaint' },
    [natural('contact', 1 * DAYS, contactStop), workingDays('reply', 4)],
    '国网江苏 2021：投诉 24 小时内联系、4 个工作日答复',
  ),
  policy('report', 'jiangsu', { orderType: 'report' }, [workingDays('reply', 9)], '国网江苏 2021：举报 9 个工作日'),
  ...referralPolicies('jiangsu'),
];
