-- Of the incidents $ids and the candidate clusters $candidates (kind 'i' / 'c', id): how many posts
-- each holds and how many of them are glad (正面) or displeased (负面) — whether it mostly praises
-- (a rescue, a bonus) or complains. The lists are semi-joined (IN unnest), not list_contains: a cycle passes
-- thousands of ids and candidates, and list_contains compared every row with the whole list.
WITH members AS MATERIALIZED (
    SELECT 'i' AS kind, incident_id AS id, post_id FROM incident_posts WHERE incident_id IN (SELECT unnest($ids))
    UNION ALL
    SELECT 'c' AS kind, candidate AS id, post_id FROM incident_post_terms WHERE candidate IN (SELECT unnest($candidates))
), labels AS (  -- the members' labels only: the view over the whole store is costly
    SELECT post_id, sentiment FROM post_labels WHERE post_id IN (SELECT post_id FROM members)
)
SELECT m.kind, m.id, count(*) AS n_posts, count(*) FILTER (WHERE l.sentiment = '正面') AS n_positive,
       count(*) FILTER (WHERE l.sentiment = '负面') AS n_negative
FROM members m
LEFT JOIN labels l ON l.post_id = m.post_id
GROUP BY m.kind, m.id
ORDER BY m.kind, m.id;
