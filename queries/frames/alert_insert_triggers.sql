-- Store the rules that fired in a cycle's alerts (view alert_new_triggers, one row per trigger).
INSERT INTO alert_triggers (alert_id, rule, scope_kind, scope_key, bucket_at, level)
SELECT alert_id, rule, scope_kind, scope_key, CAST(bucket_at AS TIMESTAMPTZ), level
FROM alert_new_triggers;
