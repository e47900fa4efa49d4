-- One incident with its post count, latest heat / severity / negative share and clocks' columns.
WITH latest AS (
    SELECT incident_id, arg_max(heat, "at") AS heat, arg_max(severity, "at") AS severity,
           arg_max(negative_share, "at") AS negative_share, max("at") AS scored_at
    FROM incident_scores WHERE incident_id = $incident_id GROUP BY incident_id
)
SELECT i.*, (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts,
       l.heat, l.severity, l.negative_share, l.scored_at
FROM incidents i
LEFT JOIN latest l ON l.incident_id = i.id
WHERE i.id = $incident_id;
