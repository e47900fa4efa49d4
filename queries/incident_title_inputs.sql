-- What titles are built from, per group of posts: each member's text, risk terms, keywords and category.
-- A group is an incident ($incident_ids) or a candidate cluster about to become one ($candidates).
SELECT ip.incident_id AS group_id, p.title, p.text_masked, l.risk_terms, l.keywords, l.category, l.sentiment
FROM incident_posts ip
JOIN posts p ON p.id = ip.post_id
LEFT JOIN post_labels l ON l.post_id = ip.post_id
WHERE list_contains($incident_ids, ip.incident_id)
UNION ALL
SELECT t.candidate, p.title, p.text_masked, l.risk_terms, l.keywords, l.category, l.sentiment
FROM incident_post_terms t
JOIN posts p ON p.id = t.post_id
LEFT JOIN post_labels l ON l.post_id = t.post_id
WHERE list_contains($candidates, t.candidate);
