-- Posts with at least one human-reviewed label, the reviewed fields only (NULL where the model's label stands).
SELECT
    p.id AS post_id,
    p.text,
    CASE WHEN l.sentiment_source = 'human' THEN l.sentiment END   AS sentiment,
    CASE WHEN l.category_source = 'human' THEN l.category END     AS category,
    CASE WHEN l.emotion_source = 'human' THEN l.emotion END       AS emotion,
    CASE WHEN l.risk_level_source = 'human' THEN l.risk_level END AS risk_level
FROM post_labels l
JOIN posts p ON p.id = l.post_id
WHERE l.sentiment_source = 'human' OR l.category_source = 'human' OR l.emotion_source = 'human'
   OR l.risk_level_source = 'human'
ORDER BY p.id;
