-- One incident's claims ledger: each claim with its linked posts counted and first seen, open claims first.
SELECT c.id, c.text, c.phrases, c.status, count(cp.post_id) AS posts, min(p.published_at) AS first_seen,
       c.finding, c.evidence, c.document, c.confirmed_by, c.verified_by, c.verified_at, c.origin,
       c.created_by, c.created_at
FROM claims c
LEFT JOIN claim_posts cp ON cp.claim_id = c.id
LEFT JOIN posts p ON p.id = cp.post_id
WHERE c.incident_id = $incident_id
GROUP BY c.id, c.text, c.phrases, c.status, c.finding, c.evidence, c.document, c.confirmed_by,
         c.verified_by, c.verified_at, c.origin, c.created_by, c.created_at
ORDER BY CASE c.status WHEN '待核实' THEN 0 WHEN '核实中' THEN 1 ELSE 2 END, posts DESC, c.id;
