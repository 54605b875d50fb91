/** 简体中文（默认） */
import wo from './zh-CN/wo';
import desk from './zh-CN/desk';
import crew from './zh-CN/crew';
import rel from './zh-CN/rel';
import plan from './zh-CN/plan';
import portal from './zh-CN/portal';
import slaAdmin from './zh-CN/slaAdmin';
import outage from './zh-CN/outage';
import bill from './zh-CN/bill';
import qa from './zh-CN/qa';
import conn from './zh-CN/conn';
import billrun from './zh-CN/billrun';
import ledger from './zh-CN/ledger';

const zhCN = {
  app: { name: 'griddesk 供电服务', short: 'griddesk', subtitle: '95598 供电服务与服务质量系统' },
  lang: { switch: 'English', label: '语言' },
  common: {
    search: '搜索', reset: '重置', save: '保存', cancel: '取消', create: '新建', edit: '编辑', close: '关闭', confirm: '确认',
    refresh: '刷新', loading: '加载中…', none: '无', yes: '是', no: '否', actions: '操作', detail: '详情', back: '返回',
    total: '共 {{count}} 条', submit: '提交', optional: '选填', all: '全部', show: '显示', hide: '隐藏', saved: '已保存',
    enabled: '启用', disabled: '停用', name: '名称', code: '编码', unknown: '未知', open: '打开', copy: '复制', notAvailable: '暂无数据',
    minutes: '{{count}} 分钟', retry: '重试', apply: '应用', clear: '清除', more: '更多',
  },
  error: {
    network: '网络连接失败，请检查网络后重试', server: '服务器返回错误 {{status}}', notFound: '页面不存在', notFoundHint: '您访问的页面不存在或已被移除。',
    forbidden: '无权访问', forbiddenHint: '您的角色没有访问此页面的权限。', generic: '出错了', backHome: '返回首页',
    notYetAvailable: '该功能的服务接口尚未上线（{{what}}）。',
  },
  auth: {
    title: '登录', username: '用户名', password: '密码', login: '登录', logout: '退出登录', loggingIn: '正在登录…',
    usernameRequired: '请输入用户名', passwordRequired: '请输入密码', welcome: '欢迎使用供电服务工作台',
    changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '确认新密码',
    passwordMismatch: '两次输入的新密码不一致', passwordChanged: '密码已修改', passwordHint: '至少 8 位，包含字母和数字',
    sessionExpired: '登录已过期，请重新登录', profile: '个人信息', role: '角色', org: '所属单位',
    publicOutages: '查看停电信息（无需登录）',
  },
  nav: {
    home: '首页', customers: '客户查询', customer360: '客户视图', network: '电网拓扑', admin: '系统管理', orgs: '组织机构', users: '用户管理',
    audit: '审计日志', account: '我的账户', password: '修改密码', service: '客户服务', console: '受理台', queue: '工单队列',
    supervisor: '监察看板', callbacks: '回访工作台', knowledge: '知识库', repair: '抢修调度', dispatchMap: '调度地图',
    outages: '停电事件', crews: '抢修班组', planned: '计划停电', crewMobile: '我的任务', reliability: '供电可靠性',
    portal: '客户门户', portalHome: '我的服务', portalSubmit: '提交诉求', portalOrders: '我的工单', publicOutages: '停电信息',
    menu: '菜单',
  },
  home: {
    title: '工作台', hello: '您好，{{name}}', roleAt: '{{role}} · {{org}}', shortcuts: '常用功能', noShortcuts: '您的角色暂无可用功能。',
  },
  customer: {
    searchTitle: '客户查询', searchPlaceholder: '户名 / 电话 / 户号 / 地址 / 表号', searchHint: '输入至少 2 个字符开始查询',
    name: '户名', kind: '客户类型', phone: '联系电话', idNumber: '证件号码', email: '电子邮箱', accountNos: '户号', address: '用电地址',
    customerClass: '用电类别', org: '供电单位', view360: '客户视图', showPii: '显示完整信息', hidePii: '隐藏', piiAudited: '查看完整个人信息将被审计记录',
    tabs: { overview: '概览', servicePoints: '用电点与电表', network: '电网位置', orders: '在办工单', outages: '停电' },
    accounts: '用电户', accountNo: '户号', accountStatus: '状态', servicePoints: '用电点', contractedKva: '合同容量 (kVA)',
    supplyVoltageKv: '供电电压 (kV)', important: '重要客户', meters: '电表', meterNo: '表号', meterKind: '表计类型',
    transformer: '配变', feeder: '线路', substation: '变电站', location: '坐标', noLocation: '无坐标', notOnNetwork: '未接入电网模型',
    traceDownstream: '下游影响', downstreamOf: '{{name}} 下游', downstreamCustomers: '下游客户 {{count}} 户', downstreamPoints: '用电点 {{count}} 个',
    downstreamDevices: '下游设备 {{count}} 台', notFound: '未找到匹配客户', noActiveOutage: '该客户当前没有停电', openOrdersWindow: '近 {{h}} 小时内受理、尚未归档的工单', editContact: '修改联系方式', mapOfPoints: '用电点位置',
    kinds: { person: '个人', organisation: '单位', resident: '居民', residential: '居民', enterprise: '企业', business: '企业', government: '机关事业', other: '其他' },
    classes: { residential: '居民生活', lv_non_residential: '低压非居民', lv_nonresidential: '低压非居民', hv: '高压', agricultural: '农业生产' },
    statuses: { active: '正常', inactive: '销户', suspended: '暂停', closed: '销户' },
  },
  network: {
    title: '电网拓扑', kind: '设备类型', kinds: { substation: '变电站', feeder: '线路', transformer: '配变', switch: '开关', service_point: '用电点' },
    search: '设备编码 / 名称', devices: '设备', parent: '上级设备', downstream: '下游追溯', position: '电网位置', map: '地图',
  },
  org: {
    title: '组织机构', name: '名称', nameEn: '英文名称', code: '编码', level: '层级', areaType: '区域类型', parent: '上级单位', active: '启用',
    levels: { province: '省公司', city: '地市公司', county: '县公司', station: '供电所', hall: '营业厅' },
    areaTypes: { urban: '城市', rural: '农村', remote: '偏远地区' },
    addChild: '新增下级', addRoot: '新增单位', editUnit: '编辑单位', selectHint: '请在左侧选择一个单位', path: '路径',
    deactivate: '停用', activate: '启用', inactiveTag: '已停用', searchTree: '搜索单位',
  },
  user: {
    title: '用户管理', username: '用户名', displayName: '姓名', role: '角色', org: '所属单位', phone: '手机号', email: '电子邮箱',
    status: '状态', active: '启用', inactive: '停用', locked: '已锁定', unlock: '解锁', newUser: '新建用户', editUser: '编辑用户',
    password: '初始密码', customerId: '关联客户 ID', searchPlaceholder: '用户名 / 姓名', created: '用户已创建', updated: '用户已更新',
    unlocked: '已解锁', enable: '启用', disable: '停用',
  },
  tokens: { title: 'API 令牌', new: '新建令牌', scopes: '权限范围', created: '创建时间', expires: '到期时间', lastUsed: '最近使用', revoked: '已吊销', revoke: '吊销', revokeConfirm: '吊销后使用该令牌的系统将无法访问，确定吗？', showOnce: '令牌只显示这一次，请立即复制保存', expiresInDays: '有效天数' },
  territory: {
    title: '供电辖区', hint: '抢修人员定位和工单位置须在辖区范围内。可按经纬度范围设置，或按电网设备范围自动生成（四周各留约 5 公里）。',
    minLon: '最小经度', maxLon: '最大经度', minLat: '最小纬度', maxLat: '最大纬度', fit: '按电网范围生成', polygon: '多边形辖区（{{n}} 个顶点）',
    outside: '有 {{n}} 个电网设备在该范围之外', updated: '最近修改：{{at}}',
  },
  audit: {
    title: '审计日志', seq: '序号', at: '时间', actor: '操作人', action: '操作', entity: '对象', entityId: '对象 ID', ip: 'IP', before: '变更前', after: '变更后',
  },
  wo,
  ...desk,
  outage,
  crew,
  rel,
  plan,
  portal,
  slaAdmin,
  bill,
  qa,
  conn,
  billrun,
  ledger,
};
export default zhCN;
export type Translation = typeof zhCN;
