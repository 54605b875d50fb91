/**
 * The indicator library (docs/scorecards.md "Indicator library"): what each indicator measures,
 * which module owns its data, whether higher or lower is better, and its unit. These are
 * definitions, not policy: weights, floors and targets are in the versioned scheme
 * (scorecard_schemes). A rate's value is numerator / denominator; `per10k` multiplies by 10,000.
 */
export const INDICATORS = [
  'repair_arrival',
  'repair_restoration',
  'installation_overdue',
  'connection_on_time',
  'complaints_per_10k',
  'callback_satisfaction',
  'abandonment_rate',
  'service_level',
  'reliability_rs1',
  'voltage_qualification',
  'window_score',
] as const;
export type Indicator = (typeof INDICATORS)[number];

export type Direction = 'higher' | 'lower';
export type Unit = 'rate' | 'per10k';

export interface IndicatorDef {
  key: Indicator;
  zh: string;
  en: string;
  direction: Direction;
  unit: Unit;
  /** the owning module whose face gives the figures */
  source: 'workorders' | 'connections' | 'analytics' | 'reliability' | 'scorecards';
  /** what the drill-down lists */
  records: 'work_order' | 'application' | 'call' | 'outage' | 'voltage_point' | 'inspection';
  numerator: { zh: string; en: string };
  denominator: { zh: string; en: string };
}

export const PER_10K = 10_000;

const d = (
  key: Indicator,
  zh: string,
  en: string,
  direction: Direction,
  unit: Unit,
  source: IndicatorDef['source'],
  records: IndicatorDef['records'],
  numerator: [string, string],
  denominator: [string, string],
): IndicatorDef => ({
  key,
  zh,
  en,
  direction,
  unit,
  source,
  records,
  numerator: { zh: numerator[0], en: numerator[1] },
  denominator: { zh: denominator[0], en: denominator[1] },
});

export const INDICATOR_DEFS: Record<Indicator, IndicatorDef> = {
  repair_arrival: d(
    'repair_arrival',
    '抢修到达现场及时率',
    'Repair arrival within limit',
    'higher',
    'rate',
    'workorders',
    'work_order',
    ['到达时限内到达的故障报修工单', 'fault-repair orders with the arrival clock met'],
    ['到达时限已判定的故障报修工单（按受理时间）', 'fault-repair orders received in the period whose arrival clock is decided (met or breached)'],
  ),
  repair_restoration: d(
    'repair_restoration',
    '故障复电及时率',
    'Restoration within limit',
    'higher',
    'rate',
    'workorders',
    'work_order',
    ['复电时限内复电的故障报修工单', 'fault-repair orders with the restoration clock met'],
    ['复电时限已判定的故障报修工单', 'fault-repair orders received in the period whose restoration clock is decided'],
  ),
  installation_overdue: d(
    'installation_overdue',
    '装表接电超期率',
    'Installation overdue rate',
    'lower',
    'rate',
    'connections',
    'application',
    ['超期装表接电的申请', 'applications powered on after their limit'],
    ['本期装表接电的申请', 'applications powered on in the period'],
  ),
  connection_on_time: d(
    'connection_on_time',
    '业扩报装按时完成率',
    'Connection on-time rate',
    'higher',
    'rate',
    'connections',
    'application',
    ['本期按时送电的申请', 'applications powered on in the period within their limit'],
    ['本期送电的申请及期末已超期未送电的申请', 'applications powered on in the period, and open ones overdue by its end'],
  ),
  complaints_per_10k: d(
    'complaints_per_10k',
    '万户投诉量',
    'Complaints per 10,000 customers',
    'lower',
    'per10k',
    'workorders',
    'work_order',
    ['本期受理的投诉工单', 'complaint orders received in the period'],
    ['单位用户数（计算时）', "the unit's customers (at computation)"],
  ),
  callback_satisfaction: d(
    'callback_satisfaction',
    '回访满意率',
    'Callback satisfaction',
    'higher',
    'rate',
    'workorders',
    'work_order',
    ['满意及基本满意的回访', 'callbacks answered satisfied or basically satisfied'],
    ['本期完成且联系到客户的回访', 'callbacks done in the period that reached the customer'],
  ),
  abandonment_rate: d(
    'abandonment_rate',
    '呼损率（放弃率）',
    'Abandonment rate',
    'lower',
    'rate',
    'analytics',
    'call',
    ['放弃的呼叫', 'abandoned calls'],
    ['呈现的呼叫（接通 + 放弃）', 'offered calls (answered + abandoned)'],
  ),
  service_level: d(
    'service_level',
    '服务水平（T 秒接通率）',
    'Service level',
    'higher',
    'rate',
    'analytics',
    'call',
    ['T 秒内接通的呼叫', 'calls answered within T seconds'],
    ['按话务策略口径计入的呼叫', 'calls counted under the analytics policy convention'],
  ),
  reliability_rs1: d(
    'reliability_rs1',
    '供电可靠率 RS-1',
    'Reliability RS-1',
    'higher',
    'rate',
    'reliability',
    'outage',
    ['用户总时户数 − 停电时户数（秒）', 'customer-seconds served minus interrupted customer-seconds'],
    ['用户数 × 统计期秒数', 'customers × seconds in the period'],
  ),
  voltage_qualification: d(
    'voltage_qualification',
    '电压合格率',
    'Voltage qualification rate',
    'higher',
    'rate',
    'scorecards',
    'voltage_point',
    ['监测总时间 − 超上限时间 − 超下限时间（分）', 'monitored minutes minus minutes above and below the limits'],
    ['监测总时间（分）', 'monitored minutes'],
  ),
  window_score: d(
    'window_score',
    '营业窗口规范化得分率',
    'Window standardisation score',
    'higher',
    'rate',
    'scorecards',
    'inspection',
    ['检查得分', 'points scored in inspections'],
    ['检查满分', 'points possible in those inspections'],
  ),
};
