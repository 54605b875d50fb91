/**
 * Knowledge suggestions while the call-taker types (GET /api/knowledge/suggest): the free text of
 * the call in, the currently valid published articles that best answer it out, ranked in one
 * query, with the matched terms and a snippet to highlight. The knowledge base page and the order's
 * article picker search the same way; editors may rank every article (includeAll: drafts,
 * archived, expired and not yet valid too), as GET /api/knowledge?includeAll=true lists them.
 */
import { prepared, type Db } from '../../db/pool.js';
import { badField } from '../../platform/errors.js';
import { highlightTerms, snippet, SUGGEST_POLICY, type SuggestPolicy } from './suggest-rules.js';
import type { SuggestionListAnswer, SuggestQuery } from './schemas.js';

export const VALID_NOW = `a.status = 'published' AND (a.valid_from IS NULL OR a.valid_from <= current_date) AND (a.valid_to IS NULL OR a.valid_to >= current_date)`;

/*
 * Ranking, in one statement:
 * 1. terms: the typed text cut by kb_grams (Chinese bigrams, Latin/digit words), less the stop grams.
 * 2. candidates: the posting lists of those terms in knowledge_terms (migration 207: one row per
 *    term and article, kept by a trigger), read by primary-key range, joined to the articles
 *    searched (the valid published ones; every one with includeAll) — only (article, term) pairs
 *    that can score are read, never whole articles.
 * 3. each (article, term) match weighs idf(term) × (3 in title + 2 in tags + 1 in body), where
 *    idf = ln(1 + N / df), N the number of articles searched and df the number of them holding
 *    the term (the length of its posting list among them), so df is exact. A rare, telling
 *    bigram (峰谷, 校验, 欠费) outweighs the everyday ones every electricity article has (电价, 停电, 电费).
 * 4. score = the sum over matched terms; ties go to the more used article, then the older id.
 * Only the top `limit` rows carry their bodies back, for the snippet.
 * One statement per scope (not a flag parameter), so each keeps its own plan.
 */
const suggestSql = (searched: string) => `
WITH q AS (
  SELECT DISTINCT g AS term FROM unnest(kb_grams($1)) AS g WHERE g <> ALL ($2::text[])
), valid AS (
  SELECT a.id, a.used_count FROM knowledge_articles a WHERE ${searched}
), hits AS (
  SELECT v.id, v.used_count, t.term, $3::float8 * t.in_title::int + $4::float8 * t.in_tags::int + $5::float8 * t.in_body::int AS w
    FROM q JOIN knowledge_terms t ON t.term = q.term JOIN valid v ON v.id = t.article_id
), df AS (
  SELECT term, count(*) AS n FROM hits GROUP BY term
), total AS (
  SELECT count(*) AS n FROM valid
), scored AS (
  SELECT h.id, h.used_count, sum(ln(1 + total.n::float8 / df.n) * h.w) AS score, array_agg(h.term ORDER BY h.term) AS matched
    FROM hits h JOIN df USING (term), total
   GROUP BY h.id, h.used_count
   ORDER BY score DESC, h.used_count DESC, h.id
   LIMIT $6
)
SELECT a.id, a.title, a.body, a.category, a.tags, a.status, a.used_count, a.valid_to::text AS valid_to, s.score, s.matched
  FROM scored s JOIN knowledge_articles a USING (id)
 ORDER BY s.score DESC, s.used_count DESC, s.id`;

/** Over the currently valid published articles (the call-taker's suggestions, anyone's search). */
export const SUGGEST_SQL = suggestSql(VALID_NOW);
/** Over every article whatever its status and validity (includeAll). */
export const SUGGEST_ALL_SQL = suggestSql('true');

export async function suggestArticles(db: Db, q: SuggestQuery, policy: SuggestPolicy = SUGGEST_POLICY): Promise<SuggestionListAnswer> {
  const { text, limit } = q;
  if (!text.trim()) throw badField('querystring.text', 'not_blank', '请输入要匹配的诉求内容', 'must not be blank');
  const w = policy.weights;
  const { rows } = await db.query(prepared(q.includeAll ? SUGGEST_ALL_SQL : SUGGEST_SQL, [text, policy.stopGrams, w.title, w.tags, w.body, limit]));
  return {
    items: rows.map((r) => {
      const terms = highlightTerms(text, r.matched, `${r.title} ${r.tags.join(' ')} ${r.body}`);
      return {
        id: Number(r.id),
        title: r.title,
        category: r.category,
        tags: r.tags,
        status: r.status,
        usedCount: r.used_count,
        validTo: r.valid_to,
        score: Math.round(Number(r.score) * 1000) / 1000,
        terms,
        snippet: snippet(r.body, terms, policy.snippetChars),
      };
    }),
  };
}
