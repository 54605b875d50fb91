/**
 * Pure rules of knowledge suggestions (GET /api/knowledge/suggest): which typed grams are not
 * worth searching, how much a match in each field counts, and how the matched grams become
 * highlight terms and a snippet. The grams themselves are cut by the database function
 * kb_grams (migrations/206_knowledge_suggest.sql) for articles and the typed text alike:
 * overlapping bigrams of Chinese runs and lower-cased Latin/digit words of two or more.
 */

export interface SuggestPolicy {
  /** weight of a gram matched in the title, the tags and the body (summed when in several) */
  weights: { title: number; tags: number; body: number };
  /** characters of body shown around the matches */
  snippetChars: number;
  /** bigrams of everyday speech on the desk that say nothing about the subject */
  stopGrams: readonly string[];
}

export const SUGGEST_POLICY: SuggestPolicy = {
  weights: { title: 3, tags: 2, body: 1 },
  snippetChars: 120,
  stopGrams: [
    '客户',
    '咨询',
    '请问',
    '我们',
    '你们',
    '他们',
    '什么',
    '怎么',
    '为什',
    '么办',
    '一下',
    '可以',
    '要求',
    '问题',
    '情况',
    '现在',
    '没有',
    '是否',
    '如何',
    '需要',
    '反映',
    '表示',
    '希望',
    '一个',
    '这个',
    '那个',
    '已经',
    '还是',
    '因为',
    '所以',
    '但是',
    '如果',
    '知道',
    '告诉',
    '的时',
    '时候',
    '了解',
    '你好',
    '您好',
    '谢谢',
  ],
};

/** Limits of the typed text (the console sends the last part of title + description). */
export const SUGGEST_TEXT_MAX = 500;
export const SUGGEST_LIMIT_MAX = 20;

const CJK = /[\u4e00-\u9fff]/;
const RUNS = /[\u4e00-\u9fff]{2,}|[A-Za-z0-9]{2,}/g;

/** The grams of a text, as kb_grams cuts them (order of appearance, distinct); for tests and the console's hints. */
export function grams(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.match(RUNS) ?? []) {
    if (!CJK.test(run)) out.add(run.toLowerCase());
    else for (let i = 0; i + 2 <= run.length; i++) out.add(run.slice(i, i + 2));
  }
  return [...out];
}

/**
 * Highlight terms: the typed text's runs of consecutive matched bigrams merged into the longest
 * phrases that occur as such in the article (我家峰谷电价 with 峰谷, 谷电, 电价 matched and the article
 * saying 峰谷电价 → 峰谷电价), else the bigrams themselves; Latin words as typed (lower case).
 * Longest first, so a client can mark them greedily.
 */
export function highlightTerms(text: string, matched: readonly string[], article: string): string[] {
  const hit = new Set(matched);
  const hay = article.toLowerCase();
  const out = new Set<string>();
  for (const run of text.match(RUNS) ?? []) {
    if (!CJK.test(run)) {
      if (hit.has(run.toLowerCase())) out.add(run.toLowerCase());
      continue;
    }
    let i = 0;
    while (i + 2 <= run.length) {
      if (!hit.has(run.slice(i, i + 2))) {
        i++;
        continue;
      }
      let end = i + 2;
      while (end < run.length && hit.has(run.slice(end - 1, end + 1)) && hay.includes(run.slice(i, end + 1))) end++;
      out.add(run.slice(i, end));
      i = end - 1;
    }
  }
  // a bigram inside a longer phrase is marked by the phrase
  const all = [...out];
  return all.filter((t) => !all.some((o) => o !== t && o.includes(t))).sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/**
 * The part of the body to show: a window of about `chars` characters holding the most distinct
 * terms (ties: the earliest), cut with … where the body goes on. A body without any term
 * (matched in title or tags only) shows its beginning.
 */
export function snippet(body: string, terms: readonly string[], chars: number): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= chars) return flat;
  const lower = flat.toLowerCase();
  const hits: { at: number; term: string }[] = [];
  for (const t of terms) for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + 1)) hits.push({ at, term: t });
  hits.sort((a, b) => a.at - b.at);
  let best = 0;
  let bestCount = 0;
  for (const h of hits) {
    const start = Math.max(0, Math.min(h.at - Math.floor(chars / 6), flat.length - chars));
    const n = new Set(hits.filter((x) => x.at >= start && x.at + x.term.length <= start + chars).map((x) => x.term)).size;
    if (n > bestCount) {
      best = start;
      bestCount = n;
    }
  }
  return `${best > 0 ? '…' : ''}${flat.slice(best, best + chars)}${best + chars < flat.length ? '…' : ''}`;
}
