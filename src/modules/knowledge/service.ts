/**
 * Knowledge base: zh-CN articles with categories, tags and validity dates, searched while the
 * call-taker types. Chinese has no word breaks, so search is substring (ILIKE) ranked by trigram
 * similarity on title and body, not an English tsvector.
 */
import { withTx, type Db } from '../../db/pool.js';
import { currentArticleSql } from './current.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';

export interface ArticleInput {
  title: string;
  body: string;
  category: string;
  tags?: string[];
  validFrom?: string | null;
  validTo?: string | null;
  status?: 'draft' | 'published' | 'archived';
}

const view = (r: Record<string, any>) => ({
  id: r.id, title: r.title, body: r.body, category: r.category, tags: r.tags, status: r.status,
  validFrom: r.valid_from, validTo: r.valid_to, version: r.version, usedCount: r.used_count, createdAt: r.created_at, updatedAt: r.updated_at,
});

function checkDates(a: { validFrom?: string | null; validTo?: string | null }) {
  if (a.validFrom && a.validTo && a.validTo < a.validFrom) throw badField('body.validTo', 'after_valid_from', '失效日期应不早于生效日期', 'must not be before validFrom');
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

export async function searchArticles(db: Db, q: { q?: string; category?: string; tag?: string; includeAll?: boolean; limit: number; offset: number }) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!q.includeAll) where.push(currentArticleSql());
  if (q.category) where.push(`category = $${params.push(q.category)}`);
  if (q.tag) where.push(`$${params.push(q.tag)} = ANY(tags)`);
  let rank = 'updated_at DESC';
  if (q.q) {
    const terms = q.q.trim().split(/\s+/).filter(Boolean).slice(0, 5);
    for (const t of terms) where.push(`(title || ' ' || body) ILIKE '%' || $${params.push(escapeLike(t))} || '%'`);
    const n = params.push(q.q.trim());
    rank = `(CASE WHEN title ILIKE '%' || $${params.push(escapeLike(q.q.trim()))} || '%' THEN 1 ELSE 0 END) DESC, similarity(title, $${n}) DESC, used_count DESC, id`;
  }
  const sql = `SELECT id, title, left(body, 200) AS body, category, tags, status, valid_from, valid_to, version, used_count, created_at, updated_at
                 FROM knowledge_articles ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${rank} LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)}`;
  const { rows } = await db.query(sql, params);
  return { items: rows.map(view) };
}

/** One article; without `anyStatus` (editors) only an article in force, else 404 as if it did not exist. */
export async function getArticle(db: Db, id: number, anyStatus = false) {
  const { rows } = await db.query(`SELECT * FROM knowledge_articles WHERE id = $1${anyStatus ? '' : ` AND ${currentArticleSql()}`}`, [id]);
  if (!rows[0]) throw notFound('Article', '知识库文章');
  return view(rows[0]);
}

export async function createArticle(db: Db, p: Principal, a: ArticleInput) {
  checkDates(a);
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO knowledge_articles (title, body, category, tags, valid_from, valid_to, status, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *`,
      [a.title, a.body, a.category, a.tags ?? [], a.validFrom ?? null, a.validTo ?? null, a.status ?? 'published', actor.id],
    );
    await recordAudit(tx, actor, { action: 'knowledge.create', entity: 'knowledge_article', entityId: rows[0].id, after: { title: a.title, category: a.category } });
    return view(rows[0]);
  });
}

export async function updateArticle(db: Db, p: Principal, id: number, version: number, patch: Partial<ArticleInput>) {
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query('SELECT * FROM knowledge_articles WHERE id = $1 FOR UPDATE', [id]);
    const cur = rows[0];
    if (!cur) throw notFound('Article', '知识库文章');
    if (cur.version !== version) throw conflict('文章已被他人修改，请刷新后重试', 'the article was changed meanwhile; reload and retry', { currentVersion: cur.version });
    const next = {
      title: patch.title ?? cur.title, body: patch.body ?? cur.body, category: patch.category ?? cur.category, tags: patch.tags ?? cur.tags,
      validFrom: patch.validFrom === undefined ? cur.valid_from : patch.validFrom, validTo: patch.validTo === undefined ? cur.valid_to : patch.validTo, status: patch.status ?? cur.status,
    };
    const str = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : (d as string | null));
    checkDates({ validFrom: str(next.validFrom), validTo: str(next.validTo) });
    const r = await tx.query(
      `UPDATE knowledge_articles SET title = $2, body = $3, category = $4, tags = $5, valid_from = $6, valid_to = $7, status = $8, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, next.title, next.body, next.category, next.tags, next.validFrom, next.validTo, next.status],
    );
    await recordAudit(tx, actor, { action: 'knowledge.update', entity: 'knowledge_article', entityId: id, before: { title: cur.title, status: cur.status, version: cur.version }, after: { title: next.title, status: next.status, version: cur.version + 1 } });
    return view(r.rows[0]);
  });
}
