-- Delivery records (status, attempts, last error, next try), newest alert first; $alert_id < 0 = all.
SELECT d.alert_id, a.level, a.message, d.channel, d.status, d.attempts, d.last_error,
       d.last_attempt_at, d.next_attempt_at, d.sent_at, d.updated_at
FROM alert_deliveries d
JOIN alerts a ON a.id = d.alert_id
WHERE ($alert_id < 0 OR d.alert_id = $alert_id)
ORDER BY a.created_at DESC, d.alert_id DESC, d.channel
LIMIT $limit;
