/** 电费设置、缴费二维码、门户用电分析与移峰填谷测算 */
const billset = {
  // billing settings
  title: '电费设置',
  province: '计费省份（电价表）',
  registerDigits: '电能表示数位数',
  chunkAccounts: '核算分块户数',
  interimAutoIssue: '分次结算账单到期自动出账',
  interimAutoIssueHelp:
    '开启后，后台任务每天按分次结算协议约定的日期自动出当天到期的分次结算账单（每天一次，不重复出账）；关闭时只能在核算工作台或用电户页面手工出账。',
  paymentDays: '缴费期限（发行后天数）',
  hotline: '服务热线',
  lateFeeNoticeZh: '违约金告知（中文）',
  lateFeeNoticeEn: '违约金告知（英文）',
  ebillLink: '电子账单链接',
  ebillLinkHelp: '须含 {billId}；为空时短信与邮件提示客户登录门户查看',
  payLink: '缴费链接（二维码）',
  payLinkHelp: '须含 {payRef}（缴费编号）；为空时二维码只含缴费编号',
  updatedAt: '最后修改',
  saved: '电费设置已保存',
  readOnly: '只有电费管理员可以修改设置',
  // pay QR
  payQr: '扫码缴费',
  payRef: '缴费编号',
  payText: '二维码内容',
  // usage
  usage: '用电分析',
  usageByMonth: '月度用电',
  account: '用电户',
  cycle: '电费年月',
  kwh: '电量（kWh）',
  amount: '电费',
  periods: { critical: '尖峰', peak: '高峰', flat: '平段', valley: '低谷' },
  notTou: '该户未执行分时电价，按总电量计费',
  noUsage: '暂无已发行账单',
  // what-if
  whatIf: '移峰填谷测算（需求侧管理）',
  whatIfNote: '按您最近一期账单的分时电量与现行电价，测算把高峰（含尖峰）用电的一部分移到低谷时段可节省的电费。',
  share: '转移比例',
  includeCritical: '含尖峰时段',
  compute: '测算',
  before: '实际',
  after: '转移后',
  moved: '转移电量 {{kwh}} kWh',
  saving: '可节省电费',
  basedOn: '依据 {{cycle}} 账单，电价版本 {{codes}}',
};
export default billset;
