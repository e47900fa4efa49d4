-- What decides whether candidate clusters become incidents: size, stance, gravity, reach, rule matches.
SELECT t.candidate,
       count(*)                                                 AS n_posts,
       count(*) FILTER (WHERE l.sentiment = '负面')             AS n_negative,
       count(*) FILTER (WHERE l.sentiment = '正面')             AS n_positive,
       min(l.risk_level)                                        AS min_risk,
       max(p.likes + 5 * p.comments + 10 * p.reposts + 0.1 * p.views) AS max_hotness,
       count(DISTINCT m.post_id)                                AS n_rule_matched,
       min(coalesce(p.published_at, p.collected_at))            AS first_post_at
FROM incident_post_terms t
JOIN posts p ON p.id = t.post_id
LEFT JOIN post_labels l ON l.post_id = t.post_id
LEFT JOIN post_rule_matches m ON m.post_id = t.post_id
WHERE list_contains($candidates, t.candidate)
GROUP BY t.candidate
ORDER BY t.candidate;
