-- Alerts about hours after $since, by rule and scope: what suppression compares against.
SELECT rule, scope_kind, scope_key, bucket_at
FROM alerts
WHERE bucket_at >= $since;
