-- Which incident holds each post (an incident merged into another counts as the one it went into).
SELECT ip.post_id, coalesce(i.merged_into, i.id) AS incident_id
FROM incident_posts ip
JOIN incidents i ON i.id = ip.incident_id;
