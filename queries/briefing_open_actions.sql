-- Open action items (待办 / 进行中) of incidents not merged away, earliest deadline first.
SELECT a.id, a.incident_id, i.title AS incident_title, i.level, a.title, a.owner, a.due_at, a.status
FROM actions a
JOIN incidents i ON i.id = a.incident_id
WHERE a.status NOT IN ('已完成', '已取消')
  AND i.merged_into IS NULL
ORDER BY a.due_at NULLS LAST, a.id
LIMIT $limit;
