-- The in-app delivery of a cycle's alerts (view alert_new_rows): on the 预警汇报 page the moment they exist.
INSERT INTO alert_deliveries (alert_id, channel, status, attempts, updated_at, created_at, last_attempt_at, sent_at)
SELECT id, $channel, 'sent', 1, CAST(created_at AS TIMESTAMPTZ), CAST(created_at AS TIMESTAMPTZ),
       CAST(created_at AS TIMESTAMPTZ), CAST(created_at AS TIMESTAMPTZ)
FROM alert_new_rows
ORDER BY id;
