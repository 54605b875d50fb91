/**
 * The knowledge module's contract: search, suggestions for the typed call, read, create and edit,
 * every request and response shape declared once. The service's types are derived from these.
 */
import { Type, type Static } from 'typebox';
import { Body, DateTime, Id, Int, LocalDate, Nullable, Paging, Query, Text } from '../../platform/schema.js';
import { SUGGEST_LIMIT_MAX, SUGGEST_TEXT_MAX } from './suggest-rules.js';

export const ArticleStatusSchema = Type.Enum(['draft', 'published', 'archived']);
/** includeAll: drafts, archived, expired and not yet valid articles too (needs knowledge.write). */
const IncludeAll = Type.Optional(
  Type.Boolean({
    description: '含草稿、已归档、已失效和未生效的文章（需知识库编辑权限） / drafts, archived, expired and not yet valid articles too (needs knowledge.write)',
  }),
);

const fields = {
  title: Text(200),
  body: Text(20000),
  category: Text(40),
  tags: Type.Optional(Type.Array(Text(30), { maxItems: 20 })),
  validFrom: Type.Optional(Nullable(LocalDate())),
  validTo: Type.Optional(Nullable(LocalDate())),
  status: Type.Optional(ArticleStatusSchema),
};
export const ArticleCreateBody = Body(fields);
export type ArticleInput = Static<typeof ArticleCreateBody>;
export const ArticlePatchBody = Body({
  version: Id,
  title: Type.Optional(fields.title),
  body: Type.Optional(fields.body),
  category: Type.Optional(fields.category),
  tags: fields.tags,
  validFrom: fields.validFrom,
  validTo: fields.validTo,
  status: fields.status,
});
export type ArticlePatch = Static<typeof ArticlePatchBody>;

/** An article; in lists `body` is its first 200 characters. Validity dates are calendar days (YYYY-MM-DD). */
export const ArticleSchema = Type.Object({
  id: Id,
  title: Type.String(),
  body: Type.String(),
  category: Type.String(),
  tags: Type.Array(Type.String()),
  status: ArticleStatusSchema,
  validFrom: Nullable(LocalDate()),
  validTo: Nullable(LocalDate()),
  version: Type.Integer(),
  usedCount: Type.Integer(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type Article = Static<typeof ArticleSchema>;

export const ArticleSearchQuery = Query({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  category: Type.Optional(Text(40)),
  tag: Type.Optional(Text(30)),
  includeAll: IncludeAll,
  ...Paging,
});
export type ArticleSearch = Static<typeof ArticleSearchQuery>;
export const ArticleList = Type.Object({ items: Type.Array(ArticleSchema) });
export type ArticleListAnswer = Static<typeof ArticleList>;

export const SuggestQuerySchema = Query({
  text: Type.String({ minLength: 1, maxLength: SUGGEST_TEXT_MAX, description: '受理中输入的诉求内容或搜索词 / the text being typed, or the search words' }),
  limit: Int(1, SUGGEST_LIMIT_MAX, { default: 5 }),
  includeAll: IncludeAll,
});
export type SuggestQuery = Static<typeof SuggestQuerySchema>;

/** A suggested article for the typed call. */
export const SuggestionSchema = Type.Object({
  id: Id,
  title: Type.String(),
  category: Type.String(),
  tags: Type.Array(Type.String()),
  /** always published unless includeAll was asked */
  status: ArticleStatusSchema,
  validTo: Nullable(LocalDate()),
  usedCount: Type.Integer(),
  /** relevance, higher is better (comparable within one answer only) */
  score: Type.Number(),
  /** what to mark in title and snippet: phrases of the typed text found in the article, longest first */
  terms: Type.Array(Type.String()),
  /** about 120 characters of the body around the most terms */
  snippet: Type.String(),
});
export type Suggestion = Static<typeof SuggestionSchema>;
export const SuggestionList = Type.Object({ items: Type.Array(SuggestionSchema) });
export type SuggestionListAnswer = Static<typeof SuggestionList>;
