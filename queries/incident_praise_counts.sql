-- Of the incidents $ids: how many posts each holds and how many of them are glad (正面) — whether
-- an incident mostly praises (a rescue, a bonus) or complains.
WITH members AS MATERIALIZED (
    SELECT incident_id, post_id FROM incident_posts WHERE list_contains($ids, incident_id)
), labels AS (  -- the members' labels only: the view over the whole store is costly
    SELECT post_id, sentiment FROM post_labels WHERE post_id IN (SELECT post_id FROM members)
)
SELECT m.incident_id, count(*) AS n_posts, count(*) FILTER (WHERE l.sentiment = '正面') AS n_positive
FROM members m
LEFT JOIN labels l ON l.post_id = m.post_id
GROUP BY m.incident_id
ORDER BY m.incident_id;
