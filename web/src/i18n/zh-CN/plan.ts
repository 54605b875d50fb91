/** 计划停电 */
const plan = {
  title: '计划停电',
  new: '新建计划',
  planNo: '计划编号',
  kind: '类型',
  window: '停电时段',
  reason: '停电原因',
  devices: '停电设备',
  customers: '影响客户',
  notified: '已通知',
  approvedAt: '批准时间',
  insideNotice: '通知期不足',
  noticeHint: '计划停电须提前 7 天通知；临时检修须提前 24 小时通知重要客户。不足时须审批。',
  shortfall: '{{who}}须提前 {{need}} 通知，实际仅 {{have}}',
  audience: { important: '重要客户', ordinary: '普通客户' },
  statuses: { pending_approval: '待审批', approved: '已批准', in_progress: '停电中', completed: '已完成', cancelled: '已取消' },
  steps: { approve: '批准', start: '开始停电', complete: '完成送电', cancel: '取消计划' },
};
export default plan;
