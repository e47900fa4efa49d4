-- The one place where "the latest human review of a field wins over the model" is decided.
-- Every query that shows a label reads post_labels, never analyses directly.
CREATE OR REPLACE VIEW latest_label_reviews AS
SELECT post_id, field, new_value, reviewer, reviewed_at
FROM (
    SELECT *, row_number() OVER (PARTITION BY post_id, field ORDER BY reviewed_at DESC, id DESC) AS rn
    FROM label_reviews
)
WHERE rn = 1;

CREATE OR REPLACE VIEW post_labels AS
SELECT
    p.id AS post_id,
    coalesce(rs.new_value, a.sentiment)                          AS sentiment,
    CASE WHEN rs.new_value IS NULL THEN 'model' ELSE 'human' END AS sentiment_source,
    a.sentiment_score,
    coalesce(rc.new_value, a.category)                           AS category,
    CASE WHEN rc.new_value IS NULL THEN 'model' ELSE 'human' END AS category_source,
    a.category_confidence,
    coalesce(re.new_value, a.emotion)                            AS emotion,
    CASE WHEN re.new_value IS NULL THEN 'model' ELSE 'human' END AS emotion_source,
    coalesce(TRY_CAST(rr.new_value AS INTEGER), a.risk_level)    AS risk_level,
    CASE WHEN rr.new_value IS NULL THEN 'model' ELSE 'human' END AS risk_level_source,
    a.risk_terms,
    a.keywords,
    a.category_terms,
    a.has_pii,
    a.model_version,
    a.analyzed_at
FROM posts p
LEFT JOIN analyses a ON a.post_id = p.id
LEFT JOIN latest_label_reviews rs ON rs.post_id = p.id AND rs.field = 'sentiment'
LEFT JOIN latest_label_reviews rc ON rc.post_id = p.id AND rc.field = 'category'
LEFT JOIN latest_label_reviews re ON re.post_id = p.id AND re.field = 'emotion'
LEFT JOIN latest_label_reviews rr ON rr.post_id = p.id AND rr.field = 'risk_level';
