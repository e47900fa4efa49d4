-- Every change of one alert thread, oldest first: level, rules, message, pushed or not and why, acknowledgement.
SELECT a.id, a.created_at, a.level, a.rule, coalesce(a.rules, [a.rule]) AS rules, a.message,
       coalesce(a.notify, TRUE) AS notify, a.reason, a.acknowledged_by, a.acknowledged_at,
       (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status IN ('sent', 'summarized')) AS sent
FROM alerts a
WHERE coalesce(a.thread_id, a.id) = $thread_id
ORDER BY a.id;
