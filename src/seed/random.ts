/** Pure: a seeded PRNG (mulberry32) and Chinese name/address makers, so a seed value gives the same territory. */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
export const between = (rng: Rng, lo: number, hi: number) => lo + rng() * (hi - lo);

// The most common surnames (weighted by repetition) and given-name characters.
const SURNAMES =
  '王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强玉兰海燕春梅丹阳红梅文斌宇浩俊凯鹏飞婷雪琳欣怡子涵梓萱浩然宇轩思远佳怡晨曦雨萱一诺子豪家乐嘉怡国庆德明永强长青淑珍桂芝凤英玉珍'.split(
    '',
  );

export function personName(rng: Rng): string {
  const n = rng() < 0.35 ? 1 : 2;
  let s = pick(rng, SURNAMES);
  for (let i = 0; i < n; i++) s += pick(rng, GIVEN);
  return s;
}

const FIRM_PREFIX = ['清河', '鑫源', '华泰', '恒通', '宏达', '瑞丰', '金石', '永盛', '兴旺', '东方', '新华', '万和'];
const FIRM_KIND = ['机械制造', '纺织', '食品', '建材', '化工', '物流', '商贸', '电子科技', '农业发展', '钢构', '医药', '印刷'];
export function firmName(rng: Rng): string {
  return `${pick(rng, FIRM_PREFIX)}${pick(rng, FIRM_KIND)}有限公司`;
}

export function mobile(rng: Rng): string {
  const prefixes = [
    '130',
    '131',
    '132',
    '133',
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '152',
    '157',
    '158',
    '159',
    '177',
    '180',
    '186',
    '187',
    '188',
    '189',
    '199',
  ];
  return pick(rng, prefixes) + String(Math.floor(rng() * 1e8)).padStart(8, '0');
}

/** A resident ID with a valid GB 11643 check character, born 1940–2005. */
export function idNumber(rng: Rng, checkChar: (first17: string) => string): string {
  const area = '371526';
  const y = 1940 + Math.floor(rng() * 66);
  const m = 1 + Math.floor(rng() * 12);
  const d = 1 + Math.floor(rng() * 28);
  const seq = String(Math.floor(rng() * 1000)).padStart(3, '0');
  const first17 = `${area}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
  return first17 + checkChar(first17);
}
