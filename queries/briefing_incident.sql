-- One incident with its post count, latest heat / severity / negative share and clocks' columns
-- (the latest score is the incident's own latest_… columns, kept by scoring; named as the briefing reads them).
SELECT i.* EXCLUDE (latest_heat, latest_severity, latest_negative_share, latest_scored_at),
       (SELECT count(*) FROM incident_posts ip WHERE ip.incident_id = i.id) AS posts,
       i.latest_heat AS heat, i.latest_severity AS severity, i.latest_negative_share AS negative_share,
       i.latest_scored_at AS scored_at
FROM incidents i
WHERE i.id = $incident_id;
