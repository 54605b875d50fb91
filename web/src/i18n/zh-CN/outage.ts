/** 停电与抢修 */
const outage = {
  states: {
    predicted: '研判中', confirmed: '已确认', crew_assigned: '已派抢修', en_route: '抢修途中', on_site: '现场抢修', restored: '已恢复送电', closed: '已关闭',
    cancelled: '已取消', merged: '已合并', withdrawn: '已撤回',
  },
  etr: '预计恢复', affected: '影响 {{n}} 户',
  actions: {
    confirm: '确认停电', etr: '更新预计复电', assign: '派抢修班组', accept: '接单', decline: '拒绝接单', depart: '出发', arrive: '到达现场', restore: '恢复送电', restorePartial: '部分复电',
    'confirm-restoration': '确认已复电', close: '关闭', cancel: '取消', move: '调整停电设备', merge: '合并', split: '拆分',
  },
  events: {
    create: '研判生成', predicted: '研判生成', confirm: '确认停电', set_etr: '更新预计复电', assign_crew: '派抢修班组', accept_assignment: '班组接单', decline_assignment: '班组拒绝接单', acceptance_overdue: '班组超时未接单', depart: '出发', arrive: '到达现场', restore: '恢复送电',
    restore_partial: '部分复电', confirm_restoration: '确认已复电', close: '关闭', cancel: '取消', move: '调整停电设备', merge: '合并', split: '拆分', grow: '范围扩大', shrink: '范围缩小',
    call: '报修来电', regroup: '重新研判',
  },
  causes: {
    equipment: '设备故障', protection_misoperation: '保护误动', supply_shortage: '电源不足', external: '外部因素', natural_disaster: '自然灾害', lightning: '雷击',
    tree_contact: '树线矛盾', third_party: '外力破坏', overload: '过负荷', meter: '计量装置', service_drop: '接户线', customer_internal: '客户内部故障',
  },
  kinds: { fault: '故障停电', planned: '计划停电', temporary_maintenance: '临时检修' },
  list: '停电事件', outageNo: '停电编号', status: '状态', device: '停电设备', affectedCol: '影响户数', calls: '来电', crew: '抢修班组', startedAt: '开始时间',
  restoredAt: '复电时间', active: '进行中', all: '全部', repeat: '重复故障', detail: '停电详情', customers: '停电客户', stillOut: '仍停电', important: '重要客户',
  customerMinutes: '停电时户数（分钟）', cause: '故障原因', causeNote: '原因说明', customerSide: '属客户产权侧故障', source: '确认方式', sources: { callback: '回访确认', meter: '电表信号' },
  nearest: '距离最近', suggested: '推荐', unassigned: '未派班组', exclusions: { busy: '抢修中', off_duty: '休班', off_shift: '不在班', missing_skill: '技能不符', no_position: '无定位', stale_position: '定位过期' }, distanceKm: '{{km}} km', noCrew: '无可用班组', timeline: '处理过程', qualityIssues: '质量检查', partial: '部分复电设备', restoreDevice: '复电设备',
  etrHint: '确认后 5 分钟内须给出停电范围和预计复电时间', unplaced: '未定位来电', callStatuses: { pending: '待研判', grouped: '已归并', unplaced: '未定位', planned: '计划停电', cancelled: '已取消', resolved: '已处理' },
  order: '工单', confirmedAt: '确认时间', arrivedAt: '到达时间', closedAt: '关闭时间', mergeSelected: '合并所选', moveTo: '移至设备', splitInto: '拆分到设备（至少两个）',
  dispatchLayers: { network: '电网', outages: '停电', calls: '报修来电', reported: '报告位置', crews: '抢修班组' },
  reportedTruncated: '仅显示最近 {{n}} 个报告位置',
  acceptance: { awaiting: '待接单', accepted: '已接单', overdue: '接单超时', declined: '被拒单，待改派' },
  acceptDueAt: '接单时限', acceptedBy: '接单人', declineReason: '拒绝原因', declinedBy: '{{crew}}（{{by}}）于 {{at}} 拒绝接单：{{reason}}',
  declinedEarlier: '曾拒单', declineHint: '拒绝后停电事件退回调度重新派班组',
};
export default outage;
