-- The alert threads of these incidents: each earlier change's thread, level and the triggers it carried.
SELECT a.incident_id, coalesce(a.thread_id, a.id) AS thread_id, a.id AS alert_id, a.level, g.rule, g.scope_key
FROM alerts a
LEFT JOIN alert_triggers g ON g.alert_id = a.id
WHERE list_contains($incident_ids, a.incident_id)
ORDER BY a.id;
