-- Store a cycle's alerts (view alert_new_rows, one row per thread change, ids already drawn from seq_alerts).
INSERT INTO alerts (id, rule, incident_id, level, message, evidence, created_at, scope_kind, scope_key,
                    scope_label, bucket_at, thread_id, notify, reason, rules)
SELECT id, rule, CAST(incident_id AS INTEGER), level, message, CAST(evidence AS JSON), CAST(created_at AS TIMESTAMPTZ),
       scope_kind, scope_key, scope_label, CAST(bucket_at AS TIMESTAMPTZ), thread_id, notify, reason,
       CAST(rules AS VARCHAR[])
FROM alert_new_rows
ORDER BY id;
