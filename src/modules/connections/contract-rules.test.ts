import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalJson,
  contentHash,
  contractNo,
  contractTerms,
  DEFAULT_CONTRACT_POLICY as P,
  normaliseName,
  offerExpiresAt,
  signatureHash,
  signerProblem,
  type ContractFacts,
} from './contract-rules.js';

const facts: ContractFacts = {
  appNo: 'YK20261207000001',
  customerClass: 'lv_nonresidential',
  applicantName: '清河县某商店',
  legalEntity: true,
  address: '清河县城关镇人民路 8 号',
  voltageKv: 0.4,
  contractedKva: 50,
  supplyMode: '低压 380V 三相接入',
  supplier: '国网清河县供电公司',
};

test('terms: every placeholder filled from the facts, the term by class, the number by offer', () => {
  const t = contractTerms(P, facts, 2);
  assert.equal(t.contractNo, 'HTYK20261207000001-2');
  assert.equal(contractNo('YK1', 1), 'HTYK1-1');
  assert.equal(t.clauses.length, P.clauses.length);
  assert.deepEqual(
    t.clauses.map((c) => c.no),
    P.clauses.map((_, i) => i + 1),
  );
  for (const c of t.clauses) assert.doesNotMatch(c.zh + c.en, /\{\w+\}/);
  assert.match(t.clauses[0].zh, /低压 380V 三相接入.*0\.4 kV.*50 kVA/);
  assert.match(t.clauses[1].zh, /低压非居民用电/);
  assert.equal(t.termYears, 5);
  assert.match(t.clauses.at(-1)!.zh, /5 年/);
  const home = contractTerms(P, { ...facts, customerClass: 'residential' }, 1);
  assert.equal(home.termYears, 0);
  assert.match(home.clauses.at(-1)!.zh, /不定期/);
  assert.match(home.clauses.at(-1)!.en, /open-ended/);
  // no plan text: the clause says so rather than leaving a gap
  assert.match(contractTerms(P, { ...facts, supplyMode: '  ' }, 1).clauses[0].zh, /按供电方案/);
  // an unknown placeholder in a company's text stays visible rather than vanishing
  assert.match(contractTerms({ ...P, clauses: [{ zh: '见{annex}', en: 'see {annex}' }] }, facts, 1).clauses[0].zh, /\{annex\}/);
});

test('the content hash: keys in any order give one hash; any change of the text gives another', () => {
  assert.equal(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] }), '{"a":[2,{"c":"x","d":null}],"b":1}');
  assert.equal(canonicalJson({ a: 1, u: undefined }), '{"a":1}');
  const t = contractTerms(P, facts, 1);
  const reordered = Object.fromEntries(Object.entries(t).reverse()) as typeof t;
  assert.notEqual(JSON.stringify(reordered), JSON.stringify(t));
  assert.equal(contentHash(reordered), contentHash(t));
  assert.match(contentHash(t), /^[0-9a-f]{64}$/);
  assert.notEqual(contentHash({ ...t, supply: { ...t.supply, contractedKva: 51 } }), contentHash(t));
  const edited = structuredClone(t);
  edited.clauses[3].zh += '。';
  assert.notEqual(contentHash(edited), contentHash(t));
});

test("the signer: the applicant's name, whitespace and full-width forms aside", () => {
  assert.equal(normaliseName(' 客户　一 '), '客户一');
  assert.equal(normaliseName('ＡＢＣ Ltd'), 'abcltd');
  assert.equal(signerProblem('客户一', '客户 一'), null);
  assert.equal(signerProblem('ABC Ltd', 'ａｂｃ ltd'), null);
  assert.equal(signerProblem('客户一', '客户二')?.rule, 'signer_is_applicant');
  assert.equal(signerProblem('客户一', '   ')?.rule, 'required');
  assert.equal(signerProblem('客户一', '客户二')?.field, 'signerName');
});

test('the seal changes with every part of the signature record; the offer closes after its days', () => {
  const r = {
    offerId: 7,
    contractNo: 'HTYK1-1',
    contentSha256: 'a'.repeat(64),
    signerName: '客户一',
    signedAt: '2026-12-07T08:00:00.000Z',
    userId: 12,
    ip: '10.0.0.8',
    userAgent: 'x',
  };
  const h = signatureHash(r);
  for (const [k, v] of Object.entries({
    offerId: 8,
    contractNo: 'HTYK1-2',
    contentSha256: 'b'.repeat(64),
    signerName: '客户二',
    signedAt: '2026-12-07T08:00:00.001Z',
    userId: 13,
    ip: null,
    userAgent: 'y',
  }))
    assert.notEqual(signatureHash({ ...r, [k]: v }), h, k);
  assert.equal(offerExpiresAt(new Date('2026-12-07T08:00:00Z'), 30).toISOString(), '2027-01-06T08:00:00.000Z');
});
