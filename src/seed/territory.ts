/**
 * Pure: the shape of the demo territory — 清河县, a county with an urban town and rural and
 * remote townships — and how many devices serve a given number of customers.
 */
export const PASSWORD = 'griddesk2026';

export const ORG_TREE = {
  code: 'SF',
  name: '示范省电力有限公司',
  nameEn: 'Demo Province Electric Power Co.',
  level: 'province',
  areaType: 'urban',
  children: [
    {
      code: 'SF-SF',
      name: '示范市供电公司',
      nameEn: 'Demo City Power Supply Co.',
      level: 'city',
      areaType: 'urban',
      children: [
        {
          code: 'SF-QH',
          name: '清河县供电公司',
          nameEn: 'Qinghe County Power Supply Co.',
          level: 'county',
          areaType: 'urban',
          children: [
            { code: 'SF-QH-CG', name: '城关供电所', nameEn: 'Chengguan Supply Station', level: 'station', areaType: 'urban', children: [] },
            { code: 'SF-QH-HX', name: '河西供电所', nameEn: 'Hexi Supply Station', level: 'station', areaType: 'rural', children: [] },
            { code: 'SF-QH-SH', name: '山后供电所', nameEn: 'Shanhou Supply Station', level: 'station', areaType: 'remote', children: [] },
            { code: 'SF-QH-YYT', name: '城关营业厅', nameEn: 'Chengguan Service Hall', level: 'hall', areaType: 'urban', children: [] },
          ],
        },
      ],
    },
  ],
} as const;

/** Each station's area: centre (lon, lat), radius in degrees, share of customers, place names. */
export const AREAS = [
  {
    station: 'SF-QH-CG',
    centre: [116.72, 36.58],
    radius: 0.03,
    share: 0.55,
    town: '城关镇',
    streets: ['人民路', '解放路', '建设路', '中山路', '和平街', '新华街', '文化路', '胜利路', '光明街', '府前街'],
    kind: 'street' as const,
  },
  {
    station: 'SF-QH-HX',
    centre: [116.6, 36.55],
    radius: 0.08,
    share: 0.33,
    town: '河西镇',
    streets: ['李家庄村', '王庄村', '后屯村', '前屯村', '河口村', '柳树村', '张家洼村', '东关村', '西关村', '孙家村'],
    kind: 'village' as const,
  },
  {
    station: 'SF-QH-SH',
    centre: [116.85, 36.72],
    radius: 0.1,
    share: 0.12,
    town: '山后乡',
    streets: ['石门村', '黄崖村', '松林村', '南峪村', '北峪村', '峪口村'],
    kind: 'village' as const,
  },
];

export const STAFF = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', org: 'SF' },
  { username: 'calltaker', displayName: '座席 赵敏', role: 'call_taker', org: 'SF-QH' },
  { username: 'dispatcher', displayName: '调度 钱勇', role: 'dispatcher', org: 'SF-QH' },
  { username: 'crew1', displayName: '抢修 孙强', role: 'crew', org: 'SF-QH-CG' },
  { username: 'crew2', displayName: '抢修 李磊', role: 'crew', org: 'SF-QH-HX' },
  { username: 'marketing', displayName: '营销 周静', role: 'marketing', org: 'SF-QH' },
  { username: 'accountmgr', displayName: '客户经理 吴刚', role: 'account_manager', org: 'SF-QH' },
  { username: 'billing', displayName: '抄核收 郑丽', role: 'billing_clerk', org: 'SF-QH' },
  { username: 'supervisor', displayName: '监察 王芳', role: 'supervisor', org: 'SF-QH' },
  { username: 'manager', displayName: '经理 冯建国', role: 'manager', org: 'SF-SF' },
  { username: 'hx_calltaker', displayName: '座席（河西） 陈娟', role: 'call_taker', org: 'SF-QH-HX' },
  // payments (收费): a service-hall cashier of the county
  { username: 'cashier', displayName: '收费员 刘洋', role: 'cashier', org: 'SF-QH' },
] as const;

export function networkSize(customers: number) {
  // every area gets at least one substation, feeder and transformer
  const transformers = Math.max(6, Math.ceil(customers / 50));
  const feeders = Math.max(AREAS.length, Math.ceil(transformers / 40));
  const substations = Math.max(AREAS.length, Math.ceil(feeders / 8));
  return { substations, feeders, transformers };
}
