-- The label review queue: analysed posts with their effective labels, most uncertain first (active learning).
-- The page of posts is picked with its labels first; only its posts' texts are read.
WITH reviewed AS (
    SELECT post_id, count(*) AS reviews FROM label_reviews GROUP BY post_id
), hits AS (
    SELECT p.id,
           coalesce(p.published_at, p.collected_at) AS published_at,
           -- uncertainty = 0.6 x (1 - category confidence) + 0.4 x (1 - |sentiment score|), both parts shown
           round(1 - coalesce(l.category_confidence, 0), 3)           AS category_uncertainty,
           round(1 - least(abs(coalesce(l.sentiment_score, 0)), 1), 3) AS sentiment_uncertainty,
           round(0.6 * category_uncertainty + 0.4 * sentiment_uncertainty, 3) AS uncertainty,
           l.sentiment, l.sentiment_source, l.category, l.category_source, l.emotion, l.emotion_source,
           l.risk_level, l.risk_level_source, l.sentiment_score, l.category_confidence, l.model_version,
           p.platform, s.name AS source,
           r.reviews
    FROM post_labels l
    JOIN posts p ON p.id = l.post_id
    LEFT JOIN sources s ON s.id = p.source_id
    LEFT JOIN reviewed r ON r.post_id = p.id
    WHERE l.analyzed_at IS NOT NULL
      AND ($start IS NULL OR coalesce(p.published_at, p.collected_at) >= $start)
      AND ($end IS NULL OR coalesce(p.published_at, p.collected_at) < $end)
      AND ($platform IS NULL OR p.platform = $platform)
      AND ($source IS NULL OR s.name = $source)
      AND ($category IS NULL OR l.category = $category)
      AND ($sentiment IS NULL OR l.sentiment = $sentiment)
      AND ($min_confidence IS NULL OR l.category_confidence >= $min_confidence)
      AND ($max_confidence IS NULL OR l.category_confidence <= $max_confidence)
      AND (NOT $only_unreviewed OR r.reviews IS NULL)
      AND ($incident_id IS NULL OR p.id IN (SELECT ip.post_id FROM incident_posts ip JOIN incidents i ON i.id = ip.incident_id
                                             WHERE $incident_id IN (i.id, i.merged_into)))
      AND ($q IS NULL OR contains(lower(coalesce(p.text_masked, p.text)), lower($q)) OR contains(lower(coalesce(p.title, '')), lower($q)))
    ORDER BY (r.reviews IS NOT NULL), uncertainty DESC, l.risk_level, published_at DESC, p.id
    LIMIT $limit
)
SELECT
    h.id AS post_id,
    h.published_at,
    h.platform,
    h.source,
    p.author,
    coalesce(p.text_masked, p.text) AS text_masked,
    h.sentiment,
    h.sentiment_source,
    h.category,
    h.category_source,
    h.emotion,
    h.emotion_source,
    h.risk_level,
    h.risk_level_source,
    h.sentiment_score,
    h.category_confidence,
    h.category_uncertainty,
    h.sentiment_uncertainty,
    h.uncertainty,
    coalesce(h.reviews, 0)                                      AS reviews,
    h.model_version
FROM hits h
JOIN posts p ON p.id = h.id
ORDER BY (h.reviews IS NOT NULL), h.uncertainty DESC, h.risk_level, h.published_at DESC, h.id
