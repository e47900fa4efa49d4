-- The incidents one post belongs to (a merged-away incident shown as the one it went into), with who put it there.
SELECT coalesce(i.merged_into, i.id) AS incident_id, t.title, t.level, t.status, ip.added_by, ip.added_at,
       i.merged_into IS NOT NULL AS via_merge
FROM incident_posts ip
JOIN incidents i ON i.id = ip.incident_id
JOIN incidents t ON t.id = coalesce(i.merged_into, i.id)
WHERE ip.post_id = $post_id
ORDER BY ip.added_at;
