/**
 * GET /api/knowledge/suggest: realistic call-taker sentences against a handful of hand-written
 * articles that compete for the same everyday words; drafts, archived, expired and future
 * articles never suggested unless includeAll is asked (the knowledge base page's editors' search);
 * bad input named in zh-CN and English.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/support/app.js';

const t = await testApp({ customers: 20 });
const supervisor = await t.login('supervisor');
const calltaker = await t.login('calltaker');
const customer = await t.login('customer1');
// the demo seed may bring its own articles: these tests use their own alone
await t.db.query('UPDATE work_orders SET kb_article_id = NULL WHERE kb_article_id IS NOT NULL');
await t.db.query('DELETE FROM knowledge_articles');

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
async function article(a: Record<string, unknown>): Promise<number> {
  const r = await supervisor.req('POST', '/api/knowledge', a);
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

const touPrice = await article({
  title: '峰谷分时电价时段说明',
  category: '电价电费',
  tags: ['峰谷', '分时电价'],
  body: '居民峰谷分时电价：峰段 8:00-22:00 每千瓦时 0.568 元，谷段 22:00-次日 8:00 每千瓦时 0.288 元。电费按峰、谷时段分别计量计算：峰段电量×峰段单价＋谷段电量×谷段单价。办理峰谷电需携带身份证到营业厅或通过网上国网申请，次月生效。',
});
const tiered = await article({
  title: '居民阶梯电价标准',
  category: '电价电费',
  tags: ['阶梯', '电价'],
  body: '第一档年用电量 2760 千瓦时以内电价 0.538 元/千瓦时；第二档 2761–4800 千瓦时 0.588 元；第三档超过 4800 千瓦时 0.838 元。执行峰谷电价的居民客户同样按年用电量分档。',
});
const meterTest = await article({
  title: '电能表校验申请',
  category: '电能计量',
  tags: ['校验', '电表'],
  body: '客户怀疑电能表（电表）计量不准、走字太快，可申请校验：携带身份证和电费单到营业厅，或在网上国网提交申请。供电公司在 5 个工作日内上门现场校验，误差超出允许范围的，更换电能表并退补电费；校验合格的，首次校验免费。',
});
await article({
  title: '电能表到期轮换',
  category: '电能计量',
  tags: ['电表', '换表'],
  body: '电表到期轮换由供电公司免费更换，换表前 3 天短信通知客户，换表时请客户在场核对新旧表底数。换表期间短时停电约 30 分钟。',
});
const arrears = await article({
  title: '欠费停电后缴费复电',
  category: '电费缴纳',
  tags: ['欠费', '复电'],
  body: '因欠费停电的客户结清欠费及电费违约金后，系统自动发送复电指令，一般 24 小时内恢复供电；远程费控客户缴费后约 30 分钟内来电。如超过时限仍未来电，可拨打 95598 催办。',
});
const outageAtHome = await article({
  title: '家中突然停电怎么处理',
  category: '故障报修',
  tags: ['停电', '报修'],
  body: '请先查看邻居家是否有电：邻居也停电的，可能是线路故障或计划停电；只有自家停电的，请检查漏电保护器是否跳闸。仍未来电请拨打 95598 报修，抢修人员将尽快到达。',
});
await article({
  title: '计划停电通知查询',
  category: '停电信息',
  tags: ['计划停电'],
  body: '计划停电提前 7 天通过短信、网上国网和营业厅公告通知，可在网上国网“停电公告”查询停电时间和范围。',
});
const app = await article({
  title: '网上国网 APP 交电费',
  category: '电费缴纳',
  tags: ['网上国网', 'APP'],
  body: '下载网上国网 APP，绑定户号后可在线交电费、查电量、办业务；交费成功后即时到账。',
});
// never suggested, though they would match best
const draft = await article({ title: '峰谷电价怎么算（草稿）', category: '电价电费', status: 'draft', body: '我家峰谷电价怎么算的：峰谷电价计算方法草稿。' });
const archived = await article({ title: '电表走得太快怎么校验（旧）', category: '电能计量', status: 'archived', body: '电表走得太快了想校验：旧流程。' });
const expired = await article({
  title: '欠费停电交钱后来电时间（旧规定）',
  category: '电费缴纳',
  validTo: '2020-12-31',
  body: '欠费停电交了钱什么时候来电：旧规定三日内。',
});
const future = await article({ title: '峰谷电价新时段（下月执行）', category: '电价电费', validFrom: day(30), body: '我家峰谷电价怎么算的：新时段下月执行。' });
const notYetValid = [draft, archived, expired, future];

async function suggest(text: string, limit?: number, extra = '', who = extra.includes('includeAll=true') ? supervisor : calltaker) {
  const r = await who.req('GET', `/api/knowledge/suggest?text=${encodeURIComponent(text)}${limit ? `&limit=${limit}` : ''}${extra}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items as { id: number; title: string; status: string; terms: string[]; snippet: string; score: number }[];
}

const cases: [string, number][] = [
  ['我家峰谷电价怎么算的', touPrice],
  ['电表走得太快了想校验', meterTest],
  ['欠费停电交了钱什么时候来电', arrears],
  ['客户来电反映家里突然停电了，邻居家有电', outageAtHome],
  ['阶梯电价第二档多少钱', tiered],
  ['怎么用app交电费', app],
];
for (const [text, expected] of cases) {
  test(`"${text}" suggests article ${expected} first`, async () => {
    const items = await suggest(text);
    assert.ok(items.length > 0, 'something suggested');
    assert.equal(items[0].id, expected, `ranked: ${items.map((i) => `${i.title} ${i.score}`).join(' | ')}`);
    for (const i of items) assert.ok(!notYetValid.includes(i.id), `${i.title} is not valid now`);
    for (const i of items) assert.equal(i.status, 'published', i.title);
    for (let k = 1; k < items.length; k++) assert.ok(items[k - 1].score >= items[k].score, 'ordered by score');
  });
}

test('matched terms and snippet for highlighting', async () => {
  const [top] = await suggest('我家峰谷电价怎么算的');
  // the article says 峰谷电 (办理峰谷电) and 电价, never 峰谷电价: the phrases are those it says
  assert.deepEqual(top.terms, ['峰谷电', '电价']);
  assert.ok(!top.terms.includes('怎么'), 'stop grams are not terms');
  assert.ok(top.snippet.length > 0 && top.snippet.length <= 122, top.snippet);
  assert.ok(
    top.terms.some((x) => top.snippet.includes(x)),
    top.snippet,
  );
  const [meter] = await suggest('电表走得太快了想校验');
  // consecutive matched bigrams that the article says as such are one phrase: 太快
  assert.ok(meter.terms.includes('校验') && meter.terms.includes('电表') && meter.terms.includes('太快'), JSON.stringify(meter.terms));
  const [a] = await suggest('用APP交费');
  assert.equal(a.id, app);
  assert.ok(a.terms.includes('app'), JSON.stringify(a.terms));
});

test('drafts, archived, expired and not-yet-valid articles are never suggested; an article becomes suggestible when published', async () => {
  for (const text of ['峰谷电价怎么算', '电表走得太快', '欠费停电交了钱什么时候来电', '峰谷电价新时段下月执行', '草稿', '旧规定']) {
    const items = await suggest(text, 20);
    for (const i of items) assert.ok(!notYetValid.includes(i.id), `${text}: ${i.title}`);
  }
  const r = await supervisor.req('PATCH', `/api/knowledge/${draft}`, { version: 1, status: 'published' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((await suggest('我家峰谷电价怎么算的'))[0].id, draft, 'the edit is searchable at once (generated grams)');
  assert.equal((await supervisor.req('PATCH', `/api/knowledge/${draft}`, { version: 2, status: 'draft' })).statusCode, 200);
});

test('includeAll ranks every article, drafts, archived, expired and future ones too, each with its status', async () => {
  const texts = ['我家峰谷电价怎么算的', '电表走得太快了想校验', '欠费停电交了钱什么时候来电', '峰谷电价新时段下月执行'];
  const found = new Map<number, string>();
  for (const text of texts) for (const i of await suggest(text, 20, '&includeAll=true')) found.set(i.id, i.status);
  assert.equal(found.get(draft), 'draft');
  assert.equal(found.get(archived), 'archived');
  assert.equal(found.get(expired), 'published', 'expired, yet still published');
  assert.equal(found.get(future), 'published', 'not yet valid, yet published');
  assert.equal(found.get(touPrice), 'published', 'valid articles are searched as well');
  // the draft says the typed sentence word for word in its body and most of it in its title
  const [top] = await suggest('我家峰谷电价怎么算的', 5, '&includeAll=true');
  assert.equal(top.id, draft, top.title);
  assert.ok(
    top.terms.some((x) => x.includes('峰谷电价')),
    JSON.stringify(top.terms),
  );
  // includeAll=false is the default: the valid published articles only
  for (const text of texts) for (const i of await suggest(text, 20, '&includeAll=false')) assert.ok(!notYetValid.includes(i.id), `${text}: ${i.title}`);
  assert.deepEqual(await suggest('我家峰谷电价怎么算的', 20, '&includeAll=false'), await suggest('我家峰谷电价怎么算的', 20));
});

test('includeAll is for knowledge editors: a call-taker is refused on both searches, naming the field', async () => {
  for (const url of [`/api/knowledge/suggest?text=${encodeURIComponent('电价')}&includeAll=true`, '/api/knowledge?includeAll=true']) {
    const r = await calltaker.req('GET', url);
    assert.equal(r.statusCode, 403, url);
    assert.equal(r.json().details[0].field, 'querystring.includeAll');
    assert.equal((await supervisor.req('GET', url)).statusCode, 200, url);
  }
  assert.equal((await calltaker.req('GET', '/api/knowledge?includeAll=false')).statusCode, 200);
  // nor can a draft be read by its id: it does not exist for those who may not edit
  assert.equal((await calltaker.req('GET', `/api/knowledge/${draft}`)).statusCode, 404);
  assert.equal((await calltaker.req('GET', `/api/knowledge/${archived}`)).statusCode, 404);
  assert.equal((await calltaker.req('GET', `/api/knowledge/${future}`)).statusCode, 404);
  assert.equal((await supervisor.req('GET', `/api/knowledge/${draft}`)).json().status, 'draft');
  assert.equal((await calltaker.req('GET', `/api/knowledge/${touPrice}`)).statusCode, 200);
});

test('text with nothing to match answers an empty list; limit is honoured', async () => {
  assert.deepEqual(await suggest('？？？'), []);
  assert.deepEqual(await suggest('怎么'), [], 'stop grams alone search nothing');
  assert.deepEqual(await suggest('天气预报'), []);
  assert.equal((await suggest('停电', 2)).length, 2);
  // LIKE and regex characters are plain text
  assert.deepEqual(await suggest("%_\\' OR 1=1 --"), []);
});

test('bad input: 400 naming the field, in zh-CN and English; customers may not read the knowledge base', async () => {
  const bad = async (qs: string, field: string) => {
    const r = await calltaker.req('GET', `/api/knowledge/suggest${qs}`);
    assert.equal(r.statusCode, 400, `${qs}: ${r.body}`);
    const b = r.json();
    assert.ok(b.messages['zh-CN'] && b.messages.en, 'both languages');
    assert.ok(
      b.details.some((d: { field: string }) => d.field === field),
      `${qs}: ${JSON.stringify(b.details)}`,
    );
  };
  await bad('', 'querystring.text');
  await bad('?text=', 'querystring.text');
  await bad(`?text=${encodeURIComponent('   ')}`, 'querystring.text');
  await bad(`?text=${encodeURIComponent('停电'.repeat(251))}`, 'querystring.text');
  await bad(`?text=${encodeURIComponent('停电')}&limit=0`, 'querystring.limit');
  await bad(`?text=${encodeURIComponent('停电')}&limit=21`, 'querystring.limit');
  await bad(`?text=${encodeURIComponent('停电')}&limit=abc`, 'querystring.limit');
  await bad(`?text=${encodeURIComponent('停电')}&evil=1`, 'querystring.evil');
  await bad(`?text=${encodeURIComponent('停电')}&includeAll=maybe`, 'querystring.includeAll');
  assert.equal((await customer.req('GET', `/api/knowledge/suggest?text=${encodeURIComponent('停电')}`)).statusCode, 403);
});
