/**
 * Knowledge suggestions while the call-taker types (GET /api/knowledge/suggest): the free text of
 * the call in, the currently valid published articles that best answer it out, ranked in one
 * query, with the matched terms and a snippet to highlight.
 */
import type { Db } from '../../db/pool.js';
import { badField } from '../../http/errors.js';
import { highlightTerms, snippet, SUGGEST_POLICY, type SuggestPolicy } from './suggest-rules.js';

export const VALID_NOW = `a.status = 'published' AND (a.valid_from IS NULL OR a.valid_from <= current_date) AND (a.valid_to IS NULL OR a.valid_to >= current_date)`;

/*
 * Ranking, in one statement:
 * 1. terms: the typed text cut by kb_grams (Chinese bigrams, Latin/digit words), less the stop grams.
 * 2. candidates: valid published articles sharing at least one term with the title, tag or body
 *    grams — `&&` on the three GIN indexes (a BitmapOr), so only articles that can score are read.
 * 3. each (article, term) match weighs idf(term) × (3 in title + 2 in tags + 1 in body), where
 *    idf = ln(1 + N / df), N the number of valid articles and df the number of candidates holding
 *    the term — every valid article holding a term is a candidate, so df is exact. A rare, telling
 *    bigram (峰谷, 校验, 欠费) outweighs the everyday ones every electricity article has (电价, 停电, 电费).
 * 4. score = the sum over matched terms; ties go to the more used article, then the older id.
 * Only the top `limit` rows carry their bodies back, for the snippet.
 */
const SQL = `
WITH q AS (
  SELECT array(SELECT g FROM unnest(kb_grams($1)) AS g WHERE g <> ALL ($2::text[])) AS terms
), cand AS (
  SELECT a.id, a.used_count,
         array(SELECT unnest(a.title_grams) INTERSECT SELECT unnest(q.terms)) AS in_title,
         array(SELECT unnest(a.tag_grams) INTERSECT SELECT unnest(q.terms)) AS in_tags,
         array(SELECT unnest(a.body_grams) INTERSECT SELECT unnest(q.terms)) AS in_body
    FROM knowledge_articles a, q
   WHERE (a.title_grams && q.terms OR a.tag_grams && q.terms OR a.body_grams && q.terms) AND ${VALID_NOW}
), hits AS (
  SELECT c.id, c.used_count, t.term,
         $3::float8 * (t.term = ANY (c.in_title))::int + $4::float8 * (t.term = ANY (c.in_tags))::int + $5::float8 * (t.term = ANY (c.in_body))::int AS w
    FROM cand c, LATERAL (SELECT DISTINCT u FROM unnest(c.in_title || c.in_tags || c.in_body) AS u) AS t(term)
), df AS (
  SELECT term, count(*) AS n FROM hits GROUP BY term
), total AS (
  SELECT count(*) AS n FROM knowledge_articles a WHERE ${VALID_NOW}
), scored AS (
  SELECT h.id, h.used_count, sum(ln(1 + total.n::float8 / df.n) * h.w) AS score, array_agg(h.term ORDER BY h.term) AS matched
    FROM hits h JOIN df USING (term), total
   GROUP BY h.id, h.used_count
   ORDER BY score DESC, h.used_count DESC, h.id
   LIMIT $6
)
SELECT a.id, a.title, a.body, a.category, a.tags, a.used_count, a.valid_to::text AS valid_to, s.score, s.matched
  FROM scored s JOIN knowledge_articles a USING (id)
 ORDER BY s.score DESC, s.used_count DESC, s.id`;

export interface Suggestion {
  id: number;
  title: string;
  category: string;
  tags: string[];
  validTo: string | null;
  usedCount: number;
  /** relevance, higher is better (comparable within one answer only) */
  score: number;
  /** what to mark in title and snippet: phrases of the typed text found in the article, longest first */
  terms: string[];
  /** about 120 characters of the body around the most terms */
  snippet: string;
}

export async function suggestArticles(db: Db, text: string, limit: number, policy: SuggestPolicy = SUGGEST_POLICY): Promise<{ items: Suggestion[] }> {
  if (!text.trim()) throw badField('querystring.text', 'not_blank', '请输入要匹配的诉求内容', 'must not be blank');
  const w = policy.weights;
  const { rows } = await db.query(SQL, [text, policy.stopGrams, w.title, w.tags, w.body, limit]);
  return {
    items: rows.map((r) => {
      const terms = highlightTerms(text, r.matched, `${r.title} ${r.tags.join(' ')} ${r.body}`);
      return {
        id: Number(r.id), title: r.title, category: r.category, tags: r.tags, usedCount: r.used_count,
        validTo: r.valid_to,
        score: Math.round(Number(r.score) * 1000) / 1000, terms, snippet: snippet(r.body, terms, policy.snippetChars),
      };
    }),
  };
}
