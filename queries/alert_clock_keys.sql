-- Every overdue clock ("incident_id:clock") already alerted, in an incident's thread or inside a digest.
SELECT scope_key
FROM alert_triggers
WHERE rule = 'clock_overdue' AND scope_kind = 'incident'
UNION
SELECT unnest(CAST(json_extract(evidence, '$.covered_keys') AS VARCHAR[])) AS scope_key
FROM alerts
WHERE rule = 'clock_overdue' AND scope_kind = 'digest';
