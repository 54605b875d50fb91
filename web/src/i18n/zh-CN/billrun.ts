/** 抄表、核算发行、账单 */
const billrun = {
  workbench: '核算工作台', runs: '核算批次', newRun: '发起核算', cycle: '计费周期', org: '供电单位编码', start: '开始核算', status: '状态',
  statuses: { running: '计算中', review: '待审核', released: '已发行', cancelled: '已作废' },
  progress: '进度', accounts: '户数', billed: '出账', exceptions: '异常', total: '电费合计', rate: '速度', perS: '{{n}} 户/秒',
  review: '审核', release: '发行', retry: '重算异常户', reviewer: '审核人', reviewedByOther: '正由他人审核', releasedAt: '发行时间',
  runExceptions: '未出账用户', account: '用电户', code: '原因', message: '说明', resolved: '已重算',
  readingExceptions: '抄表异常队列', severity: '级别', readAt: '抄表时间', accept: '确认示数', dispute: '客户异议', note: '说明', description: '异议内容',
  excStatuses: { open: '待处理', accepted: '已确认', corrected: '已更正', disputed: '异议处理中' },
  codes: { below_last: '示数倒走', rollover: '表计翻转', zero: '连续零电量', jump: '电量突增', estimated: '估抄', tou_mismatch: '分时不平', intervals_incomplete: '15 分钟数据不全', reading_exception: '抄表异常未处理', missing_reading: '无抄表示数', missing_register: '缺少示数', no_tariff: '无适用电价', rating: '计费失败' },
  import: '导入抄表文件', importHint: '每行：表号,寄存器,抄表时间,示数,标志（见 docs/billing.md §9）', imported: '导入批次 {{id}}：存入 {{readings}} 条，重复 {{repeated}}，异常 {{exceptions}}',
  bills: '账单', bill: '账单', kinds: { normal: '正常', reversal: '冲红', rebill: '退补重开' }, billStatuses: { draft: '待发行', released: '已发行', cancelled: '已作废' },
  kwh: '电量（kWh）', amount: '金额', lines: '账单明细', reading: '示数来源', rebill: '作废重开', reason: '原因', rebilled: '已作废并重开：冲红 {{rev}}，新账单 {{next}}',
  statement: '用户账单', statementOf: '用电户 {{id}} 账单', usage: '月度用电量', openStatement: '账单',
  entry: '抄表录入', meterNo: '表号', registers: '示数', submit: '提交', entered: '已录入：{{readings}} 条示数，异常 {{exceptions}}', estimated: '估抄', meterChanged: '换表后首次示数',
  regs: { kwh_total: '总', kwh_critical: '尖峰', kwh_peak: '高峰', kwh_flat: '平段', kwh_valley: '低谷', kvarh: '无功', max_demand_kw: '最大需量' },
  myBills: '我的电费', noBills: '暂无账单',
};
export default billrun;
