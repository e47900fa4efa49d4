-- What an incident's title, stance and employer are built from, per group of posts: each member's
-- text, risk level and terms, keywords, category, sentiment (and stance score), whether a monitor rule matched it,
-- and the employer grouping found in it.
-- A group is an incident ($incident_ids) or a candidate cluster about to become one ($candidates).
WITH members AS (
    SELECT ip.incident_id AS group_id, ip.post_id FROM incident_posts ip WHERE list_contains($incident_ids, ip.incident_id)
    UNION ALL
    SELECT t.candidate, t.post_id FROM incident_post_terms t WHERE list_contains($candidates, t.candidate)
)
SELECT m.group_id, p.title, coalesce(p.text_masked, p.text) AS text_masked, l.risk_level, l.risk_terms, l.keywords, l.category, l.sentiment,
       l.stance_score, m.post_id IN (SELECT post_id FROM post_rule_matches) AS rule_matched,
       list_filter(t.terms, lambda x: starts_with(x, '@'))[1][2:] AS employer
FROM members m
JOIN posts p ON p.id = m.post_id
LEFT JOIN post_stances l ON l.post_id = m.post_id
LEFT JOIN incident_post_terms t ON t.post_id = m.post_id;
