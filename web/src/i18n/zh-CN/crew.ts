/** 抢修班组 */
const crew = {
  statuses: { available: '空闲', busy: '抢修中', off_duty: '休班' },
  noCrew: '未加入抢修班组', noCrewHint: '您的账号尚未加入任何抢修班组，请联系调度。', currentJob: '当前任务', noJob: '暂无抢修任务', myOrders: '我的工单',
  reportAuto: '自动上报位置', reportNow: '立即上报', reported: '已上报位置（{{at}}）', noGeo: '无法获取定位', restoredWait: '已恢复送电，等待调度确认复电', acceptFirst: '调度已派单，请接单或说明原因拒绝', declinedJob: '已拒绝 {{outage}}：{{reason}}',
  title: '抢修班组', name: '班组名称', org: '所属单位', skills: '技能', phone: '电话', members: '成员', shifts: '班次', position: '位置', positionAt: '定位时间',
  job: '当前停电', newCrew: '新建班组', addShift: '添加班次', shiftWindow: '班次时间', setStatus: '设置状态', saved: '已保存',
  skillNames: { lv: '低压', mv: '中压', hv: '高压', meter: '计量' },
};
export default crew;
