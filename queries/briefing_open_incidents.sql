-- Incidents still being handled (not merged away) with their clock columns, the counts of open and
-- of overdue actions as of $as_of, and the nearest open deadline: what 下一步工作 chooses from.
SELECT i.id, i.title, i.level, i.computed_level, i.status, i.owner, i.opened_at, i.level_set_at,
       i.acknowledged_at, i.first_response_at,
       count(a.id) FILTER (WHERE a.status NOT IN ('已完成', '已取消')) AS open_actions,
       count(a.id) FILTER (WHERE a.status NOT IN ('已完成', '已取消') AND a.due_at < $as_of) AS overdue_actions,
       min(a.due_at) FILTER (WHERE a.status NOT IN ('已完成', '已取消')) AS next_due_at
FROM incidents i
LEFT JOIN actions a ON a.incident_id = i.id
WHERE i.merged_into IS NULL AND list_contains($open_statuses, i.status)
GROUP BY i.id, i.title, i.level, i.computed_level, i.status, i.owner, i.opened_at, i.level_set_at,
         i.acknowledged_at, i.first_response_at
ORDER BY array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], i.level) NULLS LAST, i.id;
