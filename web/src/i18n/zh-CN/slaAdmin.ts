/** 时限策略与工作日历 */
const slaAdmin = {
  title: '时限与日历', policies: '时限策略', calendar: '工作日历', activeSet: '当前执行的策略集', activate: '启用', activated: '已启用，在办工单时限已重新计算',
  recomputeHint: '更换策略集或修改日历后，在办工单的时限按其历史重新计算。', set: '策略集', valid: '有效期', source: '依据', pausedIn: '暂停于',
  workingDays: '{{n}} 个工作日', holidays: '节假日 {{n}} 天', workdays: '调休上班 {{n}} 天', holiday: '法定节假日', workday: '调休工作日', date: '日期', kind: '类型',
  calendarNotCovered: '{{year}} 年节假日安排尚未录入（日历数据截至 {{through}}）：在此保存之前，{{year}} 年的工作日时限暂按周一至周五计算。',
};
export default slaAdmin;
