-- One post's labels with what decided them: scores, deciding terms, label sources, model version.
SELECT
    p.id AS post_id,
    p.platform,
    s.name AS source,
    p.author,
    coalesce(p.published_at, p.collected_at) AS published_at,
    p.title,
    coalesce(p.text_masked, p.text) AS text_masked,
    p.url,
    l.sentiment, l.sentiment_source, l.sentiment_score,
    l.category, l.category_source, l.category_confidence, l.category_terms,
    l.emotion, l.emotion_source,
    l.risk_level, l.risk_level_source, l.risk_terms,
    l.keywords,
    l.has_pii,
    l.model_version,
    l.analyzed_at,
    a.sentiment AS model_sentiment,
    a.category AS model_category,
    a.emotion AS model_emotion,
    a.risk_level AS model_risk_level,
    a.risk_source AS model_risk_source
FROM posts p
JOIN post_labels l ON l.post_id = p.id
LEFT JOIN analyses a ON a.post_id = p.id
LEFT JOIN sources s ON s.id = p.source_id
WHERE p.id = $post_id
