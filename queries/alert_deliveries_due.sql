-- Deliveries waiting to be tried at $now (pending, retrying, or held by quiet hours), oldest first.
SELECT d.alert_id, d.channel, d.status, d.attempts, d.last_error, d.next_attempt_at,
       a.level, a.rule, a.message, a.scope_kind, a.scope_label, a.created_at, a.bucket_at,
       a.incident_id, coalesce(a.thread_id, a.id) AS thread_id, a.reason, CAST(a.evidence AS VARCHAR) AS evidence
FROM alert_deliveries d
JOIN alerts a ON a.id = d.alert_id
WHERE d.status IN ('pending', 'retrying', 'held')
  AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= $now)
ORDER BY a.created_at, d.alert_id, d.channel;
