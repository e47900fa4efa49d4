-- Alerts (thread changes) newest first, filtered by time, levels, rules (any rule that fired in the
-- change), acknowledged (any|yes|no) and incident.
SELECT a.id, a.created_at, a.level, a.rule, coalesce(a.rules, [a.rule]) AS rules, a.scope_kind, a.scope_label,
       a.message, a.incident_id, a.bucket_at, coalesce(a.thread_id, a.id) AS thread_id,
       coalesce(a.notify, TRUE) AS notify, a.reason, a.acknowledged_by, a.acknowledged_at,
       -- 'summarized': pushed inside a channel's summary message (delivery flood guard)
       (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status IN ('sent', 'summarized')) AS sent,
       (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status NOT IN ('sent', 'summarized')) AS not_sent
FROM alerts a
WHERE ($start IS NULL OR a.created_at >= $start)
  AND ($end IS NULL OR a.created_at < $end)
  AND (len($levels) = 0 OR list_contains($levels, a.level))
  AND (len($rules) = 0 OR list_has_any($rules, coalesce(a.rules, [a.rule])))
  AND ($acknowledged = 'any'
       OR ($acknowledged = 'yes' AND a.acknowledged_at IS NOT NULL)
       OR ($acknowledged = 'no' AND a.acknowledged_at IS NULL))
  AND ($incident_id < 0 OR a.incident_id = $incident_id)
ORDER BY a.created_at DESC, a.id DESC
LIMIT $limit;
