-- Posts of a period with their effective sentiment (human review wins) and stored employer; the text only
-- where no employer is stored, so the caller can tell it from the monitored names (uploads carry none).
SELECT date_trunc('day', p.published_at AT TIME ZONE 'Asia/Shanghai') AS day,
       p.employer,
       CASE WHEN p.employer IS NULL THEN coalesce(p.title || ' ', '') || p.text END AS text,
       l.sentiment
FROM posts p
LEFT JOIN post_labels l ON l.post_id = p.id
WHERE p.published_at >= $start AND p.published_at < $end;
