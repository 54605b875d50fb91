/** 时限策略与工作日历 */
const slaAdmin = {
  title: '时限与日历', policies: '时限策略', calendar: '工作日历', activeSet: '当前执行的策略集', activate: '启用', activated: '已启用，在办工单时限已重新计算',
  recomputeHint: '更换策略集或修改日历后，在办工单的时限按其历史重新计算。', set: '策略集', valid: '有效期', source: '依据', pausedIn: '暂停于',
  workingDays: '{{n}} 个工作日', holidays: '节假日 {{n}} 天', workdays: '调休上班 {{n}} 天', holiday: '法定节假日', workday: '调休工作日', date: '日期', kind: '类型',
  desk: '受理设置', deskHint: '重复工单提示、重新打开、回访抽样、各渠道补录时限和重大投诉逐级上报的时间。保存后立即用于新的工单。',
  duplicateWindow: '重复工单提示窗口', reopenWindow: '客户再次来电重新打开的期限', callbackSample: '非投诉工单回访抽样比例', escalation: '重大投诉逐级上报（自受理起）',
  level: '第 {{n}} 级', levelProvince: '省级', levelCity: '市级', backdate: '各渠道可补录的最早收到时间', channel: '渠道', backdateLimit: '最多向前', hoursUnit: '小时', daysUnit: '天', minutesUnit: '分钟',
  approxDays: '约 {{n}} 天', approxHours: '约 {{n}} 小时',
  calendarNotCovered: '{{year}} 年节假日安排尚未录入（日历数据截至 {{through}}）：在此保存之前，{{year}} 年的工作日时限暂按周一至周五计算。',
  calendarProvisional: '{{year}} 年节假日安排尚未录入（日历数据截至 {{through}}）：在此保存之前，{{year}} 年的工作日时限暂定按法定节假日（下列 {{n}} 天）计算，调休上班日待国务院公布后在此录入；保存后未结工单的时限自动重算。',
  provisionalSource: '依据：{{source}}', startFromStatutory: '以法定节假日为起点编辑',
};
export default slaAdmin;
