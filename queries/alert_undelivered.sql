-- Unacknowledged alerts to push (a thread's start or escalation) created in [$since, $until], with the
-- channels that already have a delivery row.
SELECT a.id AS alert_id, a.level,
       coalesce(list(d.channel) FILTER (WHERE d.channel IS NOT NULL), []) AS channels
FROM alerts a
LEFT JOIN alert_deliveries d ON d.alert_id = a.id
WHERE a.created_at >= $since AND a.created_at <= $until
  AND a.acknowledged_at IS NULL
  AND coalesce(a.notify, TRUE)
GROUP BY a.id, a.level
ORDER BY a.id;
