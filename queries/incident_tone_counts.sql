-- What an incident's tone is read from (incidents.tone.from_counts), for $incident_ids: its posts, the glad
-- and displeased ones, the gravest content risk (4 when none is graded), the mean stance score (0 for a post
-- with none), how many a monitor rule matched, how many tell of a rescue ($rescue) and of a death or grave
-- harm ($harm) in their title or text (tone.story_patterns), and the tone it has now and who set it.
SELECT ip.incident_id, any_value(i.polarity) AS polarity, any_value(i.polarity_source) AS polarity_source, count(*) AS n_posts,
       count(*) FILTER (WHERE s.sentiment = '正面') AS n_positive,
       count(*) FILTER (WHERE s.sentiment = '负面') AS n_negative,
       coalesce(min(s.risk_level), 4) AS min_risk,
       avg(coalesce(s.stance_score, 0.0)) AS mean_score,
       count(*) FILTER (WHERE ip.post_id IN (SELECT post_id FROM post_rule_matches)) AS n_rule_matched,
       count(*) FILTER (WHERE regexp_matches(p.told, $rescue)) AS n_rescue,
       count(*) FILTER (WHERE regexp_matches(p.told, $harm)) AS n_harm
FROM incident_posts ip
JOIN incidents i ON i.id = ip.incident_id
JOIN (SELECT id, coalesce(title, '') || ' ' || coalesce(text_masked, text, '') AS told FROM posts) p ON p.id = ip.post_id
LEFT JOIN post_stances s ON s.post_id = ip.post_id
WHERE list_contains($incident_ids, ip.incident_id)
GROUP BY ip.incident_id
ORDER BY ip.incident_id;
