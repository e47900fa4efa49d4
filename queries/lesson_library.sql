-- The lessons library (案例库): lessons with their incident, filtered by a search text ('' = all).
SELECT l.id, l.incident_id, i.title AS incident_title, i.category, i.level, l.text, l.tags,
       l.created_by, l.created_at
FROM lessons l
LEFT JOIN incidents i ON i.id = l.incident_id
WHERE coalesce($q, '') = ''
   OR l.text ILIKE '%' || $q || '%'
   OR i.title ILIKE '%' || $q || '%'
   OR list_contains(l.tags, $q)
ORDER BY l.created_at DESC, l.id DESC;
