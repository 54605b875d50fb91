/** The public face of the knowledge module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { articleInForceSql, countArticleUse, currentArticleSql } from './current.js';
export { registerKnowledgeRoutes } from './routes.js';
