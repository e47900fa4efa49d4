-- The talking points (口径) of one incident: key points first, then forbidden phrases, then context.
SELECT incident_id, key, value, coalesce(kind, '必含') AS kind, updated_by, updated_at
FROM talking_points
WHERE incident_id = $incident_id
ORDER BY CASE coalesce(kind, '必含') WHEN '必含' THEN 0 WHEN '禁用' THEN 1 ELSE 2 END, key;
