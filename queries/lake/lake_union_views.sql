-- posts as the app's queries read them while a lake is attached: the DuckDB table, then the lake's
-- posts this store does not hold itself (the table wins for a post in both). Lake rows carry only
-- masked text, so their text is the masked text.
CREATE OR REPLACE VIEW lake.posts AS
SELECT * FROM main.posts
UNION ALL BY NAME
SELECT r.* EXCLUDE (sentiment, sentiment_source, sentiment_score, category, category_source,
                    category_confidence, emotion, emotion_source, risk_level, risk_level_source,
                    risk_terms, keywords, category_terms, has_pii, model_version, analyzed_at,
                    label_stamp, export_seq),
       r.text_masked AS text
FROM lake.lake_rows r
WHERE r.id NOT IN (SELECT id FROM main.posts);

-- post_labels likewise: the store's own labels (latest review wins), then the labels the lake's
-- posts were exported with.
CREATE OR REPLACE VIEW lake.post_labels AS
SELECT * FROM main.post_labels
UNION ALL BY NAME
SELECT r.id AS post_id, r.sentiment, r.sentiment_source, r.sentiment_score, r.category, r.category_source,
       r.category_confidence, r.emotion, r.emotion_source, r.risk_level, r.risk_level_source,
       r.risk_terms, r.keywords, r.category_terms, r.has_pii, r.model_version, r.analyzed_at
FROM lake.lake_rows r
WHERE r.id NOT IN (SELECT id FROM main.posts);
