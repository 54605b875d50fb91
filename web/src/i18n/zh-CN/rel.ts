/** 供电可靠性 */
const rel = {
  title: '供电可靠性', byOrg: '按单位', byFeeder: '按线路', myOrg: '本单位', pickFeeder: '请选择线路', all: '全部', normal: '剔除重大事件日', med: '重大事件日',
  daily: '逐日指标', breakdown: '指标分解', served: '用户数 {{n}}', medRule: '2.5β 法，k = {{k}}，取近 {{y}} 年', medDays: '重大事件日', times: '次',
  timesPerCustomer: '次/户', interruptions: '停电户次', customerMinutes: '停电时户数（分钟）', momentary: '瞬时停电户次',
  saifi: '系统平均停电频率：停电户次 / 总用户数', saidi: '系统平均停电持续时间：停电时户数 / 总用户数', caidi: '用户平均停电持续时间：SAIDI / SAIFI',
  asai: '平均供电可用率', maifi: '瞬时平均停电频率', aihc1: '用户平均停电时间（DL/T 836 AIHC-1）', rs1: '供电可靠率 RS-1', rs3: '供电可靠率 RS-3（不计系统电源不足限电）',
};
export default rel;
