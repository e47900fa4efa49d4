-- Finished reviews (复盘已定稿) as training cases, filtered by categories, levels and a search text (NULL / '' = all).
SELECT r.incident_id, i.title, i.category, i.level, i.employer, i.opened_at, i.first_post_at, i.closed_at,
       r.body, r.updated_at
FROM reviews r
JOIN incidents i ON i.id = r.incident_id
WHERE r.status = '已定稿'
  AND ($categories IS NULL OR len($categories) = 0 OR list_contains($categories, i.category))
  AND ($levels IS NULL OR len($levels) = 0 OR list_contains($levels, i.level))
  AND (coalesce($q, '') = '' OR contains(i.title, $q) OR contains(CAST(r.body AS VARCHAR), $q)
       OR EXISTS (SELECT 1 FROM lessons l WHERE l.incident_id = r.incident_id AND (contains(l.text, $q) OR list_contains(l.tags, $q))))
ORDER BY i.opened_at DESC, r.incident_id DESC;
