-- An inverted index of the knowledge base for typing-time suggestions: one row per (term,
-- article) with the fields the term occurs in. A suggestion then reads only the posting lists of
-- the typed terms (an index range per term) instead of intersecting every candidate article's
-- gram arrays (migration 206), which cost a scan of most of the table whenever a common word
-- such as 电费 was typed. Kept by a trigger from the generated gram columns, so it is always in
-- step with the articles, whatever writes them.
CREATE TABLE knowledge_terms (
  term        text   NOT NULL,
  article_id  bigint NOT NULL REFERENCES knowledge_articles(id) ON DELETE CASCADE,
  in_title    boolean NOT NULL,
  in_tags     boolean NOT NULL,
  in_body     boolean NOT NULL,
  PRIMARY KEY (term, article_id)
);
CREATE INDEX knowledge_terms_article_idx ON knowledge_terms (article_id);

CREATE FUNCTION knowledge_terms_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM knowledge_terms WHERE article_id = NEW.id;
  INSERT INTO knowledge_terms (term, article_id, in_title, in_tags, in_body)
  SELECT t, NEW.id, t = ANY (NEW.title_grams), t = ANY (NEW.tag_grams), t = ANY (NEW.body_grams)
    FROM (SELECT unnest(NEW.title_grams) UNION SELECT unnest(NEW.tag_grams) UNION SELECT unnest(NEW.body_grams)) AS u(t);
  RETURN NULL;
END $$;

CREATE TRIGGER knowledge_terms_sync AFTER INSERT OR UPDATE OF title, tags, body ON knowledge_articles
  FOR EACH ROW EXECUTE FUNCTION knowledge_terms_refresh();

INSERT INTO knowledge_terms (term, article_id, in_title, in_tags, in_body)
SELECT t, a.id, t = ANY (a.title_grams), t = ANY (a.tag_grams), t = ANY (a.body_grams)
  FROM knowledge_articles a,
       LATERAL (SELECT unnest(a.title_grams) UNION SELECT unnest(a.tag_grams) UNION SELECT unnest(a.body_grams)) AS u(t);

-- The gram arrays stay (the trigger reads them); their GIN indexes served only the old query.
DROP INDEX knowledge_title_grams;
DROP INDEX knowledge_tag_grams;
DROP INDEX knowledge_body_grams;
