-- Alert threads, latest change first: one row per thread (an incident's, or an alert of its own) with
-- its gravest level, rules, number of changes and pushes, and the pushed changes not yet acknowledged.
WITH threads AS (
    SELECT coalesce(a.thread_id, a.id) AS thread_id,
           max(a.incident_id) AS incident_id,
           min(a.created_at) AS started_at,
           max(a.created_at) AS updated_at,
           count(*) AS changes,
           count(*) FILTER (WHERE coalesce(a.notify, TRUE)) AS pushed,
           count(*) FILTER (WHERE coalesce(a.notify, TRUE) AND a.acknowledged_at IS NULL) AS unacknowledged,
           ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'][min(array_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'], a.level))] AS level,
           list_distinct(flatten(list(coalesce(a.rules, [a.rule])))) AS rules,
           arg_min(a.scope_kind, a.id) AS scope_kind,
           arg_min(a.scope_label, a.id) AS scope_label,
           arg_max(a.message, a.id) AS last_message,
           arg_max(a.reason, a.id) AS last_reason,
           max(a.id) AS last_alert_id,
           max(a.acknowledged_at) AS acknowledged_at,
           arg_max(a.acknowledged_by, a.acknowledged_at) AS acknowledged_by
    FROM alerts a
    GROUP BY 1
)
SELECT t.*, i.title AS incident_title, i.level AS incident_level, i.status AS incident_status
FROM threads t
LEFT JOIN incidents i ON i.id = t.incident_id
WHERE ($start IS NULL OR t.updated_at >= $start)
  AND ($end IS NULL OR t.updated_at < $end)
  AND (len($levels) = 0 OR list_contains($levels, t.level))
  AND (len($rules) = 0 OR list_has_any($rules, t.rules))
  AND ($acknowledged = 'any'
       OR ($acknowledged = 'yes' AND t.unacknowledged = 0)
       OR ($acknowledged = 'no' AND t.unacknowledged > 0))
  AND ($incident_id < 0 OR t.incident_id = $incident_id)
ORDER BY t.updated_at DESC, t.thread_id DESC
LIMIT $limit;
