-- What decides whether candidate clusters become incidents: size, stance, gravity, reach, rule matches.
WITH members AS MATERIALIZED (
    SELECT candidate, post_id FROM incident_post_terms WHERE candidate IN (SELECT unnest($candidates))
), labels AS (  -- the members' labels only: the view over the whole store cost most of the time
    SELECT * FROM post_labels WHERE post_id IN (SELECT post_id FROM members)
)
SELECT t.candidate,
       count(*)                                                 AS n_posts,
       count(*) FILTER (WHERE l.sentiment = '负面')             AS n_negative,
       count(*) FILTER (WHERE l.sentiment = '正面')             AS n_positive,
       min(l.risk_level)                                        AS min_risk,
       max(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views) AS max_hotness,
       count(DISTINCT m.post_id)                                AS n_rule_matched,
       min(coalesce(p.published_at, p.collected_at))            AS first_post_at
FROM members t
JOIN posts p ON p.id = t.post_id
LEFT JOIN labels l ON l.post_id = t.post_id
LEFT JOIN post_rule_matches m ON m.post_id = t.post_id
GROUP BY t.candidate
ORDER BY t.candidate;
