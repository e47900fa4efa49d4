-- Posts matching a search (text, author, platform, time, labels, incident; NULL = no filter), newest first,
-- with their effective labels (human review wins) and the incident that holds them.
SELECT
    p.id AS post_id,
    coalesce(p.published_at, p.collected_at) AS published_at,
    p.platform,
    p.author,
    coalesce(p.title || '：', '') || p.text_masked AS text_masked,
    l.sentiment,
    l.category,
    l.emotion,
    l.risk_level,
    p.reposts + p.comments + p.likes AS engagement,
    m.incident_id,
    i.title AS incident_title,
    i.level AS incident_level,
    i.status AS incident_status
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
LEFT JOIN (
    SELECT ip.post_id, min(coalesce(i2.merged_into, i2.id)) AS incident_id
    FROM incident_posts ip JOIN incidents i2 ON i2.id = ip.incident_id
    GROUP BY ip.post_id
) m ON m.post_id = p.id
LEFT JOIN incidents i ON i.id = m.incident_id
WHERE ($start IS NULL OR coalesce(p.published_at, p.collected_at) >= $start)
  AND ($end IS NULL OR coalesce(p.published_at, p.collected_at) < $end)
  AND ($q IS NULL OR contains(lower(p.text_masked), lower($q)) OR contains(lower(coalesce(p.title, '')), lower($q)))
  AND ($author IS NULL OR contains(lower(coalesce(p.author, '')), lower($author)))
  AND ($platform IS NULL OR p.platform = $platform)
  AND ($sentiment IS NULL OR l.sentiment = $sentiment)
  AND ($category IS NULL OR l.category = $category)
  AND ($emotion IS NULL OR l.emotion = $emotion)
  AND ($risk_level IS NULL OR l.risk_level = $risk_level)
  AND ($incident_id IS NULL OR m.incident_id = $incident_id)
ORDER BY published_at DESC, p.id DESC
LIMIT $limit
