-- post_labels as the analysed posts (their latest reviews over the model's labels) plus the posts a
-- person reviewed that have no analysis, instead of one FULL JOIN of the two. A filter on post_id (the
-- cycle's new posts, an incident's members) cannot reach through a FULL JOIN's coalesced key, so every
-- query paid a join over all analyses (≈300 ms on the new posts of a 1M-post store, ≈120 ms this way);
-- through a LEFT JOIN and an ANTI JOIN it reaches the analyses scan. Same rows, same rule as 1500: the
-- latest human review of a field wins over the model.
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
    a.post_id,
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
LEFT JOIN reviewed r ON r.post_id = a.post_id
UNION ALL BY NAME
SELECT
    r.post_id,
    r.sentiment,
    CASE WHEN r.sentiment IS NULL THEN 'model' ELSE 'human' END AS sentiment_source,
    r.category,
    CASE WHEN r.category IS NULL THEN 'model' ELSE 'human' END  AS category_source,
    r.emotion,
    CASE WHEN r.emotion IS NULL THEN 'model' ELSE 'human' END   AS emotion_source,
    TRY_CAST(r.risk_level AS INTEGER)                           AS risk_level,
    CASE WHEN r.risk_level IS NULL THEN 'model' ELSE 'human' END AS risk_level_source
FROM reviewed r
ANTI JOIN analyses a ON a.post_id = r.post_id;
