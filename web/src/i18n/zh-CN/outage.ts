/** 停电与抢修 */
const outage = {
  states: {
    predicted: '研判中', confirmed: '已确认', crew_assigned: '已派抢修', en_route: '抢修途中', on_site: '现场抢修', restored: '已恢复送电', closed: '已关闭',
    cancelled: '已取消', merged: '已合并', withdrawn: '已撤回',
  },
  etr: '预计恢复', affected: '影响 {{n}} 户',
};
export default outage;
