/** 服务质量：话务分析、排班测算、话务数据导入 */
const qa = {
  nav: { group: '服务质量', callCentre: '话务分析', staffing: '排班测算', imports: '话务数据导入' },
  range: '日期', interval: '时段', minutes: '{{n}} 分钟', queue: '队列', allQueues: '全部队列', convention: '服务水平口径',
  conventions: { abandons_ignored: '放弃不计入', abandons_against: '放弃计为未达标', abandons_for: '放弃计为达标' },
  conventionHint: '服务水平 = {{t}} 秒内接通的比例；短于 {{s}} 秒的放弃不计入三种口径',
  noData: '所选日期内没有话务数据。管理员可在“话务数据导入”上传 queue_log。',
  cards: {
    offered: '呼入量', answered: '接通量', abandoned: '放弃量', abandonRate: '放弃率', abandonRateAdjusted: '放弃率（剔除短放弃）', serviceLevel: '服务水平',
    asa: '平均应答速度', avgQueue: '平均排队时长', aht: '平均处理时长', occupancy: '座席占用率', rings: '接通前振铃次数', overflow: '超时/按键/无座席离队',
    shortAbandons: '短放弃', whileRinging: '振铃中放弃', seconds: '秒',
  },
  tips: {
    offered: '呼入量 = 接通 + 放弃；超时、按键离队、无座席离队单独统计（可在设置中计为放弃）',
    asa: '已接通通话的总等待时长 / 接通量', avgQueue: '所有呼入的总排队时长 / 呼入量', aht: '通话时长（+ 已知的话后处理时长）/ 接通量',
    occupancy: '通话时长 / 已登录且未小休的时长',
  },
  charts: { volume: '分时段话务量', slTrend: '服务水平与平均应答速度', heatmap: '放弃率（星期 × 时段）', agents: '座席表现', queues: '队列' },
  weekdays: { '1': '周一', '2': '周二', '3': '周三', '4': '周四', '5': '周五', '6': '周六', '7': '周日' },
  agent: { name: '座席', answered: '接通', talk: '通话时长', aht: '平均处理时长', available: '可接听时长', paused: '小休时长', occupancy: '占用率' },
  staffing: {
    title: '排班测算（Erlang C）', calculator: '计算器', calls: '时段呼入量', intervalMinutes: '时段长度（分钟）', ahtS: '平均处理时长（秒）', targetS: '目标应答时间（秒）',
    targetSl: '目标服务水平', maxOccupancy: '占用率上限', shrinkage: '非话务时间占比', agents: '所需在线座席', scheduled: '需排班人数', traffic: '话务强度（爱尔兰）',
    pWait: '排队概率', asa: '平均应答速度（秒）', sl: '服务水平', occ: '占用率', curve: '座席数与服务水平、平均应答速度', unreachable: '在计算范围内达不到目标', infinite: '无穷大（座席数不大于话务强度）',
    published: '核对：每 30 分钟 100 通、处理 180 秒、20 秒内 80%、占用率 ≤ 85%、非话务 30% → 14 名在线、20 名排班',
    forecast: '预测与实际在岗', date: '日期', weeks: '参考周数', forecastCalls: '预测呼入', required: '所需在线', scheduledAgents: '需排班', actualAgents: '实际在岗（平均）',
    actualOffered: '实际呼入', actualSl: '实际服务水平', forecastHint: '预测 = 最近 {{w}} 周同一星期、同一时段的平均呼入量；所需座席按 Erlang C 与当前目标计算',
  },
  imports: {
    title: '话务数据导入', upload: '选择文件上传', format: '格式', formats: { queue_log: 'Asterisk queue_log', csv: '通用 CSV' }, reading: '读取文件 {{pct}}%', sending: '上传并导入中…',
    done: '已导入：{{calls}} 通通话，{{problems}} 个问题行', fileName: '文件', status: '状态', statuses: { done: '完成', running: '导入中', following: '持续跟踪' },
    lines: '行数', calls: '通话', duplicates: '已存在', spans: '座席时段', problems: '问题', startedAt: '导入时间', source: '来源', by: '导入人',
    sources: { upload: '页面上传', cli: '命令行', follow: '命令行跟踪', seed: '演示数据' },
    problemList: '问题行（最多显示 1000 条）', line: '行号', reason: '原因', detail: '说明',
    reasons: { empty: '空行', truncated: '字段不全', bad_time: '时间无效', bad_number: '数值无效', unknown_event: '未知事件', out_of_order: '时间倒序（已使用）', incomplete_call: '通话未结束' },
    tooLarge: '文件超过 20 MB：请用命令行导入（griddesk queuelog import 文件）', csvHelp: 'CSV 列：call_id, queue, enter_at, outcome, wait_s（必填）；agent, caller_id, ring_s, talk_s, rings（选填）',
    cliHelp: '大文件或持续增长的日志：griddesk queuelog import 文件 [--follow]',
  },
};
export default qa;
