/**
 * Knowledge base: zh-CN articles with categories, tags and validity dates, searched while the
 * call-taker types. Chinese has no word breaks, so search is substring (ILIKE) ranked by trigram
 * similarity on title and body, not an English tsvector.
 */
import { withTx, type Db } from '../../db/pool.js';
import { currentArticleSql } from './current.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { DomainError, badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, allows, type Principal } from '../identity/index.js';
import { suggestArticles } from './suggest.js';
import type { Article, ArticleInput, ArticleListAnswer, ArticlePatch, ArticleSearch, SuggestionListAnswer, SuggestQuery } from './schemas.js';

const view = (r: Record<string, any>): Article => ({
  id: r.id,
  title: r.title,
  body: r.body,
  category: r.category,
  tags: r.tags,
  status: r.status,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  version: r.version,
  usedCount: r.used_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function checkDates(a: { validFrom?: string | null; validTo?: string | null }) {
  if (a.validFrom && a.validTo && a.validTo < a.validFrom)
    throw badField('body.validTo', 'after_valid_from', '失效日期应不早于生效日期', 'must not be before validFrom');
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

/** Drafts, archived, expired and not-yet-valid articles are the editors' working set: includeAll needs knowledge.write. */
export function checkIncludeAll(p: Principal, includeAll: boolean | undefined): void {
  if (!includeAll || allows(p, 'knowledge.write')) return;
  throw new DomainError(
    'forbidden',
    'FORBIDDEN',
    '只有知识库编辑可查看草稿、归档和失效文章',
    'only knowledge editors may list drafts, archived and expired articles',
    [{ field: 'querystring.includeAll', rule: 'needs_knowledge_write', message: '需要知识库编辑权限', messageEn: 'needs the knowledge.write permission' }],
  );
}

/** GET /api/knowledge: the list by last change, for anyone with knowledge.read (includeAll for editors). */
export async function listArticles(db: Db, p: Principal, q: ArticleSearch): Promise<ArticleListAnswer> {
  checkIncludeAll(p, q.includeAll);
  return searchArticles(db, q);
}

/** GET /api/knowledge/suggest: the ranked articles for the typed text (includeAll for editors). */
export async function suggestFor(db: Db, p: Principal, q: SuggestQuery): Promise<SuggestionListAnswer> {
  checkIncludeAll(p, q.includeAll);
  return suggestArticles(db, q);
}

/** GET /api/knowledge/:id: editors read any article, everyone else only one in force. */
export async function readArticle(db: Db, p: Principal, id: number): Promise<Article> {
  return getArticle(db, id, allows(p, 'knowledge.write'));
}

export async function searchArticles(db: Db, q: ArticleSearch): Promise<ArticleListAnswer> {
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
export async function getArticle(db: Db, id: number, anyStatus = false): Promise<Article> {
  const { rows } = await db.query(`SELECT * FROM knowledge_articles WHERE id = $1${anyStatus ? '' : ` AND ${currentArticleSql()}`}`, [id]);
  if (!rows[0]) throw notFound('Article', '知识库文章');
  return view(rows[0]);
}

export async function createArticle(db: Db, p: Principal, a: ArticleInput): Promise<Article> {
  checkDates(a);
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO knowledge_articles (title, body, category, tags, valid_from, valid_to, status, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *`,
      [a.title, a.body, a.category, a.tags ?? [], a.validFrom ?? null, a.validTo ?? null, a.status ?? 'published', actor.id],
    );
    await recordAudit(tx, actor, {
      action: 'knowledge.create',
      entity: 'knowledge_article',
      entityId: rows[0].id,
      after: { title: a.title, category: a.category },
    });
    return view(rows[0]);
  });
}

/** PATCH /api/knowledge/:id: the edit applies only to the version the editor read. */
export async function editArticle(db: Db, p: Principal, id: number, b: ArticlePatch): Promise<Article> {
  const { version, ...patch } = b;
  return updateArticle(db, p, id, version, patch);
}

export async function updateArticle(db: Db, p: Principal, id: number, version: number, patch: Partial<ArticleInput>): Promise<Article> {
  const actor = actorOf(p);
  return withTx(db, async (tx) => {
    const { rows } = await tx.query('SELECT * FROM knowledge_articles WHERE id = $1 FOR UPDATE', [id]);
    const cur = rows[0];
    if (!cur) throw notFound('Article', '知识库文章');
    if (cur.version !== version)
      throw conflict('文章已被他人修改，请刷新后重试', 'the article was changed meanwhile; reload and retry', { currentVersion: cur.version });
    const next = {
      title: patch.title ?? cur.title,
      body: patch.body ?? cur.body,
      category: patch.category ?? cur.category,
      tags: patch.tags ?? cur.tags,
      validFrom: patch.validFrom === undefined ? cur.valid_from : patch.validFrom,
      validTo: patch.validTo === undefined ? cur.valid_to : patch.validTo,
      status: patch.status ?? cur.status,
    };
    const str = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : (d as string | null));
    checkDates({ validFrom: str(next.validFrom), validTo: str(next.validTo) });
    const r = await tx.query(
      `UPDATE knowledge_articles SET title = $2, body = $3, category = $4, tags = $5, valid_from = $6, valid_to = $7, status = $8, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, next.title, next.body, next.category, next.tags, next.validFrom, next.validTo, next.status],
    );
    await recordAudit(tx, actor, {
      action: 'knowledge.update',
      entity: 'knowledge_article',
      entityId: id,
      before: { title: cur.title, status: cur.status, version: cur.version },
      after: { title: next.title, status: next.status, version: cur.version + 1 },
    });
    return view(r.rows[0]);
  });
}
