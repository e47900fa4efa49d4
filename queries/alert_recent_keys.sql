-- Triggers about hours after $since, by rule and scope: what suppression compares against.
SELECT rule, scope_kind, scope_key, bucket_at
FROM alert_triggers
WHERE bucket_at >= $since;
