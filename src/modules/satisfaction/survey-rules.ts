/**
 * Survey designs, answers, sampling and the signed link (docs/satisfaction.md "Surveys"). Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Score } from './score-rules.js';

export const TOUCH_POINTS = ['repair', 'complaint', 'connection', 'billing', 'service_hall'] as const;
export type TouchPoint = (typeof TOUCH_POINTS)[number];
export const QUESTION_TYPES = ['scale5', 'scale10', 'choice', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The scale of each scale question type. */
export const SCALES: Record<'scale5' | 'scale10', { min: number; max: number }> = { scale5: { min: 1, max: 5 }, scale10: { min: 1, max: 10 } };

export interface Question {
  key: string;
  type: QuestionType;
  textZh: string;
  textEn: string;
  required: boolean;
  /** `overall`: the overall satisfaction question (exactly one, a scale); `attribute`: a driver candidate (a scale, named by `attribute`) */
  role?: 'overall' | 'attribute' | null;
  attribute?: string | null;
  options?: { value: string; zh: string; en: string }[];
  maxLength?: number;
}

/** Which orders a survey samples: data, not code. */
export interface SamplingRule {
  /** per cent of eligible orders invited (0–100, integer) */
  percent: number;
  orderTypes: string[];
  /** empty: every channel */
  channels: string[];
  /** handled or closed within the last `withinDays` days */
  withinDays: number;
  /** at most this many invitations per run */
  maxPerRun: number;
}

/** The sampling rule each touch point starts with (editable per survey). */
export const DEFAULT_SAMPLING: Record<TouchPoint, SamplingRule> = {
  repair: { percent: 20, orderTypes: ['fault_repair'], channels: [], withinDays: 7, maxPerRun: 500 },
  complaint: { percent: 100, orderTypes: ['complaint'], channels: [], withinDays: 7, maxPerRun: 500 },
  connection: { percent: 50, orderTypes: ['service_request'], channels: [], withinDays: 7, maxPerRun: 500 },
  billing: { percent: 20, orderTypes: ['service_request', 'consultation'], channels: [], withinDays: 7, maxPerRun: 500 },
  service_hall: { percent: 20, orderTypes: [], channels: ['counter'], withinDays: 7, maxPerRun: 500 },
};

export interface Problem {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** A design's problems (empty when it may be published): unique keys, one overall scale question, attributes named once, choices with options. */
export function designProblems(questions: readonly Question[], maxQuestions: number): Problem[] {
  const out: Problem[] = [];
  if (questions.length === 0) out.push({ field: 'questions', rule: 'required', zh: '至少一个问题', en: 'needs at least one question' });
  if (questions.length > maxQuestions)
    out.push({ field: 'questions', rule: 'max', zh: `最多 ${maxQuestions} 个问题`, en: `at most ${maxQuestions} questions` });
  const keys = new Set<string>();
  const attrs = new Set<string>();
  let overall = 0;
  questions.forEach((q, i) => {
    const f = `questions.${i}`;
    if (!KEY.test(q.key)) out.push({ field: `${f}.key`, rule: 'pattern', zh: '键须为小写字母开头的字母数字', en: 'must be lower-case letters, digits, _' });
    if (keys.has(q.key)) out.push({ field: `${f}.key`, rule: 'unique', zh: '问题键重复', en: 'is used twice' });
    keys.add(q.key);
    const scale = q.type === 'scale5' || q.type === 'scale10';
    if (q.role === 'overall') {
      overall++;
      if (!scale) out.push({ field: `${f}.type`, rule: 'scale', zh: '总体满意度须为评分题', en: 'the overall question must be a scale' });
      if (!q.required) out.push({ field: `${f}.required`, rule: 'required', zh: '总体满意度须为必答', en: 'the overall question must be required' });
    }
    if (q.role === 'attribute') {
      if (!scale) out.push({ field: `${f}.type`, rule: 'scale', zh: '属性题须为评分题', en: 'an attribute question must be a scale' });
      if (!q.attribute || !KEY.test(q.attribute))
        out.push({ field: `${f}.attribute`, rule: 'required', zh: '属性题须命名属性', en: 'an attribute question needs an attribute name' });
      else if (attrs.has(q.attribute)) out.push({ field: `${f}.attribute`, rule: 'unique', zh: '属性重复', en: 'attribute is used twice' });
      else attrs.add(q.attribute);
    }
    if (q.type === 'choice') {
      const vals = (q.options ?? []).map((o) => o.value);
      if (vals.length < 2) out.push({ field: `${f}.options`, rule: 'min', zh: '单选题至少两个选项', en: 'a choice needs at least two options' });
      if (new Set(vals).size !== vals.length) out.push({ field: `${f}.options`, rule: 'unique', zh: '选项值重复', en: 'option values repeat' });
    }
  });
  if (questions.length > 0 && overall !== 1)
    out.push({ field: 'questions', rule: 'overall', zh: '须有且仅有一个总体满意度问题', en: 'needs exactly one overall-satisfaction question' });
  return out;
}

export interface ScoredAnswers {
  overall: Score;
  attributes: Record<string, Score>;
  answers: Record<string, string | number>;
  comment: string | null;
}

/** Checks answers against a published design: a scale answer must be an integer on its scale, a choice one of its options, required answered. */
export function scoreAnswers(questions: readonly Question[], answers: Record<string, unknown>): { problems: Problem[]; scored: ScoredAnswers | null } {
  const problems: Problem[] = [];
  const known = new Set(questions.map((q) => q.key));
  for (const k of Object.keys(answers))
    if (!known.has(k)) problems.push({ field: `answers.${k}`, rule: 'unknown', zh: '问卷没有此问题', en: 'is not a question of this survey' });
  const out: ScoredAnswers = { overall: { v: 0, min: 0, max: 1 }, attributes: {}, answers: {}, comment: null };
  for (const q of questions) {
    const f = `answers.${q.key}`;
    const a = answers[q.key];
    if (a === undefined || a === null || a === '') {
      if (q.required) problems.push({ field: f, rule: 'required', zh: '必答', en: 'is required' });
      continue;
    }
    if (q.type === 'scale5' || q.type === 'scale10') {
      const s = SCALES[q.type];
      if (typeof a !== 'number' || !Number.isInteger(a) || a < s.min || a > s.max) {
        problems.push({ field: f, rule: 'range', zh: `须为 ${s.min}–${s.max} 的整数`, en: `must be a whole number from ${s.min} to ${s.max}` });
        continue;
      }
      const score = { v: a, ...s };
      if (q.role === 'overall') out.overall = score;
      if (q.role === 'attribute' && q.attribute) out.attributes[q.attribute] = score;
      out.answers[q.key] = a;
    } else if (q.type === 'choice') {
      if (typeof a !== 'string' || !(q.options ?? []).some((o) => o.value === a)) {
        problems.push({ field: f, rule: 'option', zh: '不是可选项', en: 'is not one of the options' });
        continue;
      }
      out.answers[q.key] = a;
    } else {
      const max = q.maxLength ?? 1000;
      if (typeof a !== 'string' || a.length > max) {
        problems.push({ field: f, rule: 'max_length', zh: `至多 ${max} 字`, en: `at most ${max} characters` });
        continue;
      }
      out.answers[q.key] = a;
      out.comment = out.comment ? `${out.comment}\n${a}` : a;
    }
  }
  return problems.length ? { problems, scored: null } : { problems, scored: out };
}

/** FNV-1a, 32 bits: a stable hash for sampling (the same order is in or out of a survey's sample on every run). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface Candidate {
  id: number;
  orderType: string;
  channel: string;
  phone: string | null;
}

/** Mobile numbers an SMS can reach (11 digits, 1[3-9]…). */
export const isMobile = (phone: string | null) => !!phone && /^1[3-9]\d{9}$/.test(phone);

/**
 * The orders a run invites: those matching the rule's order types and channels with a mobile phone,
 * not already invited, and in the sample — an order is in when fnv1a(surveyKey:orderId) mod 100 <
 * percent, so the choice is repeatable and independent of the run's order — at most maxPerRun, by id.
 */
export function sampleOrders(cands: readonly Candidate[], rule: SamplingRule, surveyKey: string, alreadyInvited: ReadonlySet<number>): Candidate[] {
  return cands
    .filter(
      (c) =>
        (rule.orderTypes.length === 0 || rule.orderTypes.includes(c.orderType)) &&
        (rule.channels.length === 0 || rule.channels.includes(c.channel)) &&
        isMobile(c.phone) &&
        !alreadyInvited.has(c.id) &&
        fnv1a(`${surveyKey}:${c.id}`) % 100 < rule.percent,
    )
    .sort((a, b) => a.id - b.id)
    .slice(0, rule.maxPerRun);
}

/** The signed link token of an invitation: `<id>.<nonce>.<HMAC-SHA256(key, id.nonce), base64url>`. */
export function signInvitation(key: string, id: number, nonce: string): string {
  const mac = createHmac('sha256', key).update(`${id}.${nonce}`).digest('base64url');
  return `${id}.${nonce}.${mac}`;
}

/** The invitation id and nonce of a token whose signature holds, else null. */
export function verifyInvitation(key: string, token: string): { id: number; nonce: string } | null {
  const m = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const want = Buffer.from(createHmac('sha256', key).update(`${m[1]}.${m[2]}`).digest('base64url'));
  const got = Buffer.from(m[3]);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return { id: Number(m[1]), nonce: m[2] };
}

/**
 * The touch point a phone or callback response on an order belongs to, where the order says it:
 * a service-hall counter order → service_hall, a fault repair → repair, a complaint → complaint.
 * Others (consultations, service requests) are not assigned a touch point; surveys carry their own.
 */
export function touchPointOfOrder(orderType: string, channel: string): TouchPoint | null {
  if (channel === 'counter') return 'service_hall';
  if (orderType === 'fault_repair') return 'repair';
  if (orderType === 'complaint') return 'complaint';
  return null;
}
