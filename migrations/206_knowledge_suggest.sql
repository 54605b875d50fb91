-- Knowledge suggestions while a call-taker types (GET /api/knowledge/suggest).
-- Chinese has no word breaks, and pg_trgm cannot help with two-character words: a bigram such as
-- 峰谷 has no full trigram (and under the C locale pg_trgm does not treat Chinese as word
-- characters at all). So every article carries its overlapping character bigrams (Chinese runs)
-- and lower-cased Latin/digit words, per field, as arrays with GIN indexes: the typed sentence
-- is cut the same way (by this same function) and `&&` finds the candidates through the indexes.
CREATE FUNCTION kb_grams(doc text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}'::text[]) FROM (
    SELECT substr(m.a[1], i, 2) AS g
      FROM regexp_matches(doc, '[\u4e00-\u9fff]{2,}', 'g') AS m(a), generate_series(1, char_length(m.a[1]) - 1) AS i
    UNION ALL
    SELECT lower(m.a[1]) FROM regexp_matches(doc, '[A-Za-z0-9]{2,}', 'g') AS m(a)
  ) x
$$;

-- array_to_string is only STABLE in general; for text[] it cannot change, and a generated column needs IMMUTABLE
CREATE FUNCTION kb_tag_grams(tags text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT kb_grams(array_to_string(tags, ' ')) $$;

ALTER TABLE knowledge_articles
  ADD COLUMN title_grams text[] GENERATED ALWAYS AS (kb_grams(title)) STORED,
  ADD COLUMN tag_grams   text[] GENERATED ALWAYS AS (kb_tag_grams(tags)) STORED,
  ADD COLUMN body_grams  text[] GENERATED ALWAYS AS (kb_grams(body)) STORED;
CREATE INDEX knowledge_title_grams ON knowledge_articles USING gin (title_grams);
CREATE INDEX knowledge_tag_grams ON knowledge_articles USING gin (tag_grams);
CREATE INDEX knowledge_body_grams ON knowledge_articles USING gin (body_grams);
