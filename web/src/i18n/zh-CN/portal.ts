/** 客户门户 */
const portal = {
  myAccount: '我的用电信息', noCustomer: '账号未关联用电客户', noOrders: '暂无诉求记录', more: '仅显示最近 20 条', where: '用电地址', whereRequired: '报修须选择用电地址',
  whereHint: '也可在右侧地图上点击您的用电地址', contactPhone: '联系电话（选填）', mapHint: '地图上橙色圆点是您的用电地址：点击选择；在其他位置点击可标记具体故障位置。',
  pinned: '标记位置', pinnedText: '位置说明（选填）', pinnedHint: '故障不在您家时（如路边电线、电杆），请在地图上点击故障所在位置', created: '已提交，工单号 {{no}}，我们会尽快处理', rate: '评价本次服务', thanks: '感谢您的评价', publicTitle: '停电信息',
  currentOutages: '当前故障停电', plannedOutages: '计划停电', noOutages: '暂无',
  spotOnly: '故障不在我的用电地址（报告路边、野外的故障点）', spotOnlyHint: '请在右侧地图上点击故障所在位置，无需选择用电地址', spotRequired: '请在地图上点击标出故障位置',
};
export default portal;
