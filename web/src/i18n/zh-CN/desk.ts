/** 受理台、知识库、回访、通知、监察 */
const desk = {
  console: {
    callerMatch: '来电客户', noMatch: '未找到匹配客户（可作为匿名来电受理）', selected: '已选', useCustomer: '选用', servicePoint: '用电地址',
    outageHere: '该客户所在区域有停电事件', openOrders: '在办工单', window: '近 {{h}} 小时', knowledge: '知识库推荐', kbHint: '输入诉求内容后自动推荐知识库文章',
    kbUse: '用此答复', kbUsed: '已采用', receivedAt: '实际收到时间', receivedAtHint: '信函、传真、营业厅、转办：时限从实际收到时起算', titleHint: '不填则按类型自动生成',
    descriptionRequired: '请填写诉求内容', noServicePoint: '未选择用电地址，报修未能定位到电网，调度将人工定位', submit: '提交受理', closeOnSpot: '当场办结', newCall: '新来电', created: '已受理，工单号 {{no}}', orderNo: '工单号',
    openOrder: '打开工单', knownOutage: '已并入停电事件 {{no}}', plannedOutage: '计划停电 {{no}}', duplicates: '该客户有 {{n}} 张在办工单',
    outageNow: '来电客户所在地址正在停电', plannedAhead: '来电客户所在地址有计划停电', outageSince: '{{at}} 起停电', etrUnknown: '待定（抢修研判中）', outageTag: '停电中',
    enterPhone: '输入来电号码后自动弹屏', lookupFailed: '来电弹屏查询失败，可用上方搜索查找客户', dueAt: '时限 {{at}}', dupTitle: '同客户/地址近期工单',
    callStatus: { pending: '报修已记录，正在研判停电范围', unplaced: '该地址未接入电网模型，已转调度人工定位', grouped: '报修已记录，已纳入停电研判', planned: '属于计划停电', resolved: '已处理', cancelled: '已取消' },
  },
  kb: {
    title: '知识库', searchPlaceholder: '搜索知识库', none: '没有匹配的文章', category: '分类', tags: '标签', validFrom: '生效日期', validTo: '失效日期',
    status: '状态', statuses: { draft: '草稿', published: '已发布', archived: '已归档' }, body: '正文', articleTitle: '标题', newArticle: '新建文章',
    editArticle: '编辑文章', usedCount: '引用次数', updatedAt: '更新时间', version: '版本', includeAll: '含草稿与归档', saved: '文章已保存', select: '选择左侧文章查看',
    conflict: '文章已被他人修改，请刷新后重试', ranked: '按相关度排序，标出匹配的词',
  },
  cb: {
    title: '回访工作台', pending: '待回访', done: '已回访', createdAt: '生成时间', why: '回访原因', result: '回访结果', powerRestored: '已恢复供电', doneAt: '回访时间',
    record: '录入结果', score: '评分', statuses: { pending: '待回访', done: '已完成', cancelled: '已取消' }, handlingResult: '处理结果', saved: '回访结果已保存',
    reasonRequired: '不满意须填写原因',
  },
  notify: { event: '事件', channel: '渠道', recipient: '接收方', attempts: '尝试次数', createdAt: '生成时间', sentAt: '发送时间', lastError: '错误', at: '时间' },
  sla: { kinds: { warning: '预警', breach: '超时', met: '达标', missed: '未达标', recomputed: '重新计算', escalation: '升级' } },
  sup: {
    title: '监察看板', breached: '已超时', warning: '时限预警', complaints: '在办投诉', returned: '退单', termination: '待审批终止', major: '重大/紧急',
    open: '在办工单', viewAll: '查看全部',
  },
};
export default desk;
