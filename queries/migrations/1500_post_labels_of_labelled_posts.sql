-- post_labels rooted at the labelled posts (analysed, or reviewed by a person) instead of at every post.
-- The view of 0002 joined all of posts to all of analyses before a query could narrow it, so one
-- incident's 250 posts paid a million-row join (≈150 ms; ≈15 ms this way). The rule is unchanged: the
-- latest human review of a field wins over the model. A post with neither an analysis nor a review has
-- no row here; the queries LEFT JOIN post_labels, so it reads as a post without labels, as before.
CREATE OR REPLACE VIEW post_labels AS
WITH reviewed AS (
    SELECT post_id,
           any_value(new_value) FILTER (WHERE field = 'sentiment')  AS sentiment,
           any_value(new_value) FILTER (WHERE field = 'category')   AS category,
           any_value(new_value) FILTER (WHERE field = 'emotion')    AS emotion,
           any_value(new_value) FILTER (WHERE field = 'risk_level') AS risk_level
    FROM latest_label_reviews
    GROUP BY post_id
)
SELECT
    coalesce(a.post_id, r.post_id)                              AS post_id,
    coalesce(r.sentiment, a.sentiment)                          AS sentiment,
    CASE WHEN r.sentiment IS NULL THEN 'model' ELSE 'human' END AS sentiment_source,
    a.sentiment_score,
    coalesce(r.category, a.category)                            AS category,
    CASE WHEN r.category IS NULL THEN 'model' ELSE 'human' END  AS category_source,
    a.category_confidence,
    coalesce(r.emotion, a.emotion)                              AS emotion,
    CASE WHEN r.emotion IS NULL THEN 'model' ELSE 'human' END   AS emotion_source,
    coalesce(TRY_CAST(r.risk_level AS INTEGER), a.risk_level)   AS risk_level,
    CASE WHEN r.risk_level IS NULL THEN 'model' ELSE 'human' END AS risk_level_source,
    a.risk_terms,
    a.keywords,
    a.category_terms,
    a.has_pii,
    a.model_version,
    a.analyzed_at
FROM analyses a
FULL JOIN reviewed r ON r.post_id = a.post_id;
