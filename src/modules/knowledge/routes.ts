/** HTTP for the knowledge base: suggestions for the typed call, search, read, create, edit (optimistic version). */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { DomainError } from '../../platform/errors.js';
import { allows } from '../identity/index.js';
import { Body, IdParams, Paging, Query, Text, Id } from '../../http/schemas.js';
import { suggestArticles, type SuggestQuery } from './suggest.js';
import { SUGGEST_LIMIT_MAX, SUGGEST_TEXT_MAX } from './suggest-rules.js';
import { createArticle, getArticle, searchArticles, updateArticle, type ArticleInput } from './service.js';

const tags = ['knowledge'];
const Day = Type.String({ format: 'date' });
const fields = {
  title: Text(200),
  body: Text(20000),
  category: Text(40),
  tags: Type.Optional(Type.Array(Text(30), { maxItems: 20 })),
  validFrom: Type.Optional(Type.Union([Day, Type.Null()])),
  validTo: Type.Optional(Type.Union([Day, Type.Null()])),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')])),
};

/** Drafts, archived, expired and not-yet-valid articles are the editors' working set: includeAll needs knowledge.write. */
function checkIncludeAll(req: FastifyRequest): void {
  if (!(req.query as { includeAll?: boolean }).includeAll || allows(principal(req), 'knowledge.write')) return;
  throw new DomainError('forbidden', 'FORBIDDEN', '只有知识库编辑可查看草稿、归档和失效文章', 'only knowledge editors may list drafts, archived and expired articles',
    [{ field: 'querystring.includeAll', rule: 'needs_knowledge_write', message: '需要知识库编辑权限', messageEn: 'needs the knowledge.write permission' }]);
}

export function registerKnowledgeRoutes(app: FastifyInstance, { db }: AppContext) {
  app.get('/api/knowledge', {
    config: { permission: 'knowledge.read' },
    schema: { tags, querystring: Query({ q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), category: Type.Optional(Text(40)), tag: Type.Optional(Text(30)), includeAll: Type.Optional(Type.Boolean()), ...Paging }) },
  }, async (req) => {
    checkIncludeAll(req);
    return searchArticles(db, req.query as never);
  });
  // the free text of the call as typed (Chinese without spaces is fine); one request per pause in typing.
  // Also the ranked search of the knowledge base page and the article picker.
  app.get('/api/knowledge/suggest', {
    config: { permission: 'knowledge.read' },
    schema: {
      tags,
      querystring: Query({
        text: Type.String({ minLength: 1, maxLength: SUGGEST_TEXT_MAX, description: '受理中输入的诉求内容或搜索词 / the text being typed, or the search words' }),
        limit: Type.Integer({ minimum: 1, maximum: SUGGEST_LIMIT_MAX, default: 5 }),
        includeAll: Type.Optional(Type.Boolean({ description: '含草稿、已归档、已失效和未生效的文章（同 GET /api/knowledge） / drafts, archived, expired and not yet valid articles too (as GET /api/knowledge)' })),
      }),
    },
  }, async (req) => {
    checkIncludeAll(req);
    return suggestArticles(db, req.query as SuggestQuery);
  });
  app.get('/api/knowledge/:id', { config: { permission: 'knowledge.read' }, schema: { tags, params: IdParams } }, async (req) =>
    getArticle(db, (req.params as { id: number }).id, allows(principal(req), 'knowledge.write')));
  app.post('/api/knowledge', { config: { permission: 'knowledge.write' }, schema: { tags, body: Body(fields) } }, async (req, reply) =>
    reply.status(201).send(await createArticle(db, principal(req), req.body as ArticleInput)));
  app.patch('/api/knowledge/:id', {
    config: { permission: 'knowledge.write' },
    schema: { tags, params: IdParams, body: Body({ version: Id, title: Type.Optional(fields.title), body: Type.Optional(fields.body), category: Type.Optional(fields.category), tags: fields.tags, validFrom: fields.validFrom, validTo: fields.validTo, status: fields.status }) },
  }, async (req) => {
    const { version, ...patch } = req.body as { version: number } & Partial<ArticleInput>;
    return updateArticle(db, principal(req), (req.params as { id: number }).id, version, patch);
  });
}
