/** 电价与电费模拟 */
const bill = {
  title: '电价与电费模拟', tariffs: '现行电价', simulator: '电费模拟计算', on: '执行日期', province: '省份', customerClass: '用电类别', pricing: '计价方式',
  voltage: '电压等级', code: '版本编码', validity: '有效期', openEnded: '至今', tiers: '阶梯', rates: '电度电价', touRates: '分时电价', basic: '基本电价',
  funds: '政府性基金及附加', source: '数据来源', capacityPrice: '容量 {{p}} 元/kVA·月', demandPrice: '需量 {{p}} 元/kW·月',
  classes: { residential: '居民生活', commercial_industrial: '工商业', agricultural: '农业生产' },
  pricings: { single: '单一制', two_part: '两部制' },
  provinces: { shanghai: '上海', zhejiang: '浙江' },
  periods: { all: '电价', critical: '尖峰', peak: '高峰', flat: '平段', valley: '低谷', total: '总电量' },
  tier: '第 {{n}} 档', tierBounds: '年度上限（kWh）', monthlyBounds: '按月上限',
  account: '用户', tou: '执行分时', hvIndustrial: '高压工业用户', capacityKva: '运行容量（kVA）', basicBasis: '基本电费方式', byCapacity: '按容量', byDemand: '按需量',
  contractDemandKw: '合同最大需量（kW）', month: '计费月份', ytdKwh: '本阶梯年度已用电量（kWh）', supplyFrom: '开始用电日期',
  registers: '电量', kvarh: '无功电量（kvarh）', maxDemandKw: '最大需量（kW）', run: '计算',
  line: '项目', register: '计量项', quantity: '数量', unit: '单位', price: '单价', amount: '金额', rule: '规则', note: '说明', tariffCode: '电价版本',
  total: '合计', totalNote: '合计为各行四舍五入到分后之和', warnings: '提示', empty: '填写用户与电量后点击“计算”',
};
export default bill;
