import type { Queryable } from '../../db/pool.js';

/**
 * Which articles are in force: published, and today within their validity dates. Everyone with
 * knowledge.read sees these; drafts, archived, expired and not-yet-valid articles are the
 * editors' working set (knowledge.write). A work order may cite only an article in force.
 */
export const currentArticleSql = (alias = '') => {
  const a = alias ? `${alias}.` : '';
  return `(${a}status = 'published' AND (${a}valid_from IS NULL OR ${a}valid_from <= current_date) AND (${a}valid_to IS NULL OR ${a}valid_to >= current_date))`;
};

/**
 * SQL (a boolean) for "the article with the id in `idExpr` is in force", for a statement of
 * another module that checks a cited article in the same round trip (work-order intake's grouped
 * read): the knowledge module keeps the table's SQL, the caller only places it.
 */
export const articleInForceSql = (idExpr: string) => `EXISTS (SELECT 1 FROM knowledge_articles k WHERE k.id = ${idExpr} AND ${currentArticleSql('k')})`;

/** An article in force answered a question (a consultation closed on the spot): its use is counted; false when it is not in force. */
export async function countArticleUse(db: Queryable, id: number): Promise<boolean> {
  const found = await db.query(`UPDATE knowledge_articles SET used_count = used_count + 1 WHERE id = $1 AND ${currentArticleSql()} RETURNING id`, [id]);
  return (found.rowCount ?? 0) > 0;
}
