/** HTTP for the knowledge base: suggestions for the typed call, search, read, create, edit (optimistic version). */
import type { App } from '../../http/typed.js';
import type { AppContext } from '../../http/context.js';
import { principal } from '../../http/auth.js';
import { IdParams, ok } from '../../http/schemas.js';
import { createArticle, editArticle, listArticles, readArticle, suggestFor } from './service.js';
import { ArticleCreateBody, ArticleList, ArticlePatchBody, ArticleSchema, ArticleSearchQuery, SuggestionList, SuggestQuerySchema } from './schemas.js';

const tags = ['knowledge'];

export function registerKnowledgeRoutes(app: App, { db }: AppContext) {
  app.get(
    '/api/knowledge',
    { config: { permission: 'knowledge.read' }, schema: { tags, querystring: ArticleSearchQuery, response: ok(ArticleList) } },
    async (req) => listArticles(db, principal(req), req.query),
  );
  // the free text of the call as typed (Chinese without spaces is fine); one request per pause in typing.
  // Also the ranked search of the knowledge base page and the article picker.
  app.get(
    '/api/knowledge/suggest',
    { config: { permission: 'knowledge.read' }, schema: { tags, querystring: SuggestQuerySchema, response: ok(SuggestionList) } },
    async (req) => suggestFor(db, principal(req), req.query),
  );
  app.get('/api/knowledge/:id', { config: { permission: 'knowledge.read' }, schema: { tags, params: IdParams, response: ok(ArticleSchema) } }, async (req) =>
    readArticle(db, principal(req), req.params.id),
  );
  app.post(
    '/api/knowledge',
    { config: { permission: 'knowledge.write' }, schema: { tags, body: ArticleCreateBody, response: ok(ArticleSchema, 201) } },
    async (req, reply) => reply.status(201).send(await createArticle(db, principal(req), req.body)),
  );
  app.patch(
    '/api/knowledge/:id',
    { config: { permission: 'knowledge.write' }, schema: { tags, params: IdParams, body: ArticlePatchBody, response: ok(ArticleSchema) } },
    async (req) => editArticle(db, principal(req), req.params.id, req.body),
  );
}
