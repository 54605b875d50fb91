/** 会计核算（集团账簿） */
const ledger = {
  title: '会计核算', unit: '核算单位', period: '会计期间', chart: '会计科目', entries: '凭证', trialBalance: '科目余额表', consolidation: '合并报表',
  code: '科目编码', name: '科目名称', level: '级次', side: '余额方向', sides: { debit: '借', credit: '贷' }, groupAccount: '集团统一', unitAccount: '本单位增设',
  codeRule: '编码规则 {{rule}}：集团统一 1–{{n}} 级，核算单位可增设其下级科目', postingRules: '记账规则', eventType: '业务事件', customerClass: '客户类别', amountKey: '金额项', anyClass: '任意',
  opening: '期初余额', debit: '本期借方', credit: '本期贷方', closing: '期末余额', total: '合计', balanced: '借贷平衡', unbalanced: '借贷不平',
  balanceNote: '余额以借方为正、贷方为负；上级科目含全部下级', date: '日期', source: '来源', memo: '摘要', lines: '分录', account: '科目', counterUnit: '往来单位',
  reverse: '冲销', reverseConfirm: '按今天的日期生成红字冲销凭证，原凭证保持不变。确定吗？', reversed: '已被凭证 {{id}} 冲销', reversal: '冲销凭证 {{id}}', reverseDone: '已生成冲销凭证 {{id}}',
  filterAccount: '按科目筛选（含下级）', excel: '导出 Excel', ledgerExcel: '导出明细账', eliminatedDebit: '抵销借方', eliminatedCredit: '抵销贷方',
  consolidationNote: '合并范围：{{units}}。本范围内单位之间的往来分录已抵销。', eliminationMatched: '内部往来双方已对平', eliminationUnmatched: '内部往来双方金额不一致：有一方未记账',
  periodStatus: '期间状态', open: '未结账', closed: '已结账', closePeriod: '结账', closeConfirm: '结账后该期间不能再记账，更正须在以后期间冲销。确定结账吗？', noUnits: '您的管辖范围内没有建账单位',
  events: { bill_released: '电费发行', payment_received: '收费', late_fee_charged: '计收违约金', late_fee_waived: '减免违约金', refund: '退费', write_off: '呆账核销', withholding_settled: '代收结算', prepaid_topup: '预存电费', manual: '手工凭证', reversal: '冲销' },
  newEntry: '新增手工凭证', addLine: '增加分录', posted: '已记账：凭证 {{id}}', amountFormat: '金额须为元，最多两位小数',
  showZero: '显示无发生额科目',
};
export default ledger;
