import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grams, highlightTerms, snippet } from './suggest-rules.js';

test('grams: Chinese bigrams and lower-cased Latin words, as kb_grams cuts them', () => {
  assert.deepEqual(grams('我家峰谷电价'), ['我家', '家峰', '峰谷', '谷电', '电价']);
  assert.deepEqual(grams('用APP交 95598，电'), ['app', '95598']);
});

test('highlight terms: consecutive matched bigrams merge into the phrase the article says', () => {
  assert.deepEqual(highlightTerms('我家峰谷电价怎么算', ['峰谷', '谷电', '电价'], '执行峰谷电价的客户'), ['峰谷电价']);
  assert.deepEqual(highlightTerms('我家峰谷电价怎么算', ['峰谷', '谷电', '电价'], '办理峰谷电；分时电价'), ['峰谷电', '电价']);
  assert.deepEqual(highlightTerms('电表走得太快了', ['电表', '太快'], '走字太快的电表'), ['太快', '电表']);
  assert.deepEqual(highlightTerms('用APP交费', ['app'], '网上国网 APP'), ['app']);
});

test('snippet: the window with the most terms, cut with …', () => {
  const body = `${'甲'.repeat(200)}峰谷电价${'乙'.repeat(10)}校验${'丙'.repeat(200)}`;
  const s = snippet(body, ['峰谷电价', '校验'], 60);
  assert.ok(s.startsWith('…') && s.endsWith('…'), s);
  assert.ok(s.includes('峰谷电价') && s.includes('校验'), s);
  assert.equal(snippet('短文', ['短文'], 60), '短文');
  assert.equal(snippet('甲'.repeat(100), ['无'], 60), `${'甲'.repeat(60)}…`);
});
