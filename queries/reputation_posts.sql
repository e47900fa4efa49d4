-- One employer's posts of a period with their effective sentiment (human review wins): those stored with
-- that employer, and those stored with none, with their text, so the caller can tell them from the
-- monitored names (uploads carry none). Posts of other employers stay in the store.
SELECT date_trunc('day', p.published_at AT TIME ZONE 'Asia/Shanghai') AS day,
       p.employer,
       CASE WHEN p.employer IS NULL THEN coalesce(p.title || ' ', '') || p.text END AS text,
       l.sentiment
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE p.published_at >= $start AND p.published_at < $end
  AND (p.employer = $employer OR p.employer IS NULL);
