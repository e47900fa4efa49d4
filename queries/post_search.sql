-- Posts matching a search (text, author, platform, time, labels, incident; NULL = no filter), newest first,
-- with their effective labels (human review wins) and the incident that holds them. The page of hits is
-- picked first; only its posts' incidents are looked up (not every post's).
WITH hits AS (
    SELECT p.id, coalesce(p.published_at, p.collected_at) AS published_at, p.platform, p.author,
           coalesce(p.title || '：', '') || coalesce(p.text_masked, p.text) AS text_masked,
           l.sentiment, l.category, l.emotion, l.risk_level,
           p.reposts + p.comments + p.likes AS engagement
    FROM posts p
    LEFT JOIN post_labels l ON l.post_id = p.id
    WHERE ($start IS NULL OR coalesce(p.published_at, p.collected_at) >= $start)
      AND ($end IS NULL OR coalesce(p.published_at, p.collected_at) < $end)
      AND ($q IS NULL OR contains(lower(coalesce(p.text_masked, p.text)), lower($q)) OR contains(lower(coalesce(p.title, '')), lower($q)))
      AND ($author IS NULL OR contains(lower(coalesce(p.author, '')), lower($author)))
      AND ($platform IS NULL OR p.platform = $platform)
      AND ($sentiment IS NULL OR l.sentiment = $sentiment)
      AND ($category IS NULL OR l.category = $category)
      AND ($emotion IS NULL OR l.emotion = $emotion)
      AND ($risk_level IS NULL OR l.risk_level = $risk_level)
      -- the incident a post is listed under (as in `held` below) is $incident_id; only that incident's
      -- posts are grouped, not every post's incidents
      AND ($incident_id IS NULL OR p.id IN (
          SELECT ip.post_id FROM incident_posts ip JOIN incidents i2 ON i2.id = ip.incident_id
          WHERE ip.post_id IN (SELECT ip3.post_id FROM incident_posts ip3 JOIN incidents i3 ON i3.id = ip3.incident_id
                               WHERE coalesce(i3.merged_into, i3.id) = $incident_id)
          GROUP BY ip.post_id HAVING min(coalesce(i2.merged_into, i2.id)) = $incident_id))
    ORDER BY published_at DESC, p.id DESC
    LIMIT $limit
), held AS (  -- the incident each hit is listed under: the lowest it belongs to, after merges
    SELECT ip.post_id, min(coalesce(i2.merged_into, i2.id)) AS incident_id
    FROM incident_posts ip JOIN incidents i2 ON i2.id = ip.incident_id
    WHERE ip.post_id IN (SELECT id FROM hits)
    GROUP BY ip.post_id
)
SELECT h.id AS post_id, h.published_at, h.platform, h.author, h.text_masked, h.sentiment, h.category, h.emotion,
       h.risk_level, h.engagement, m.incident_id, i.title AS incident_title, i.level AS incident_level,
       i.status AS incident_status
FROM hits h
LEFT JOIN held m ON m.post_id = h.id
LEFT JOIN incidents i ON i.id = m.incident_id
ORDER BY h.published_at DESC, h.id DESC
