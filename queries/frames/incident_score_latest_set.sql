-- Each scored incident's computed level, effective level (the analyst's override wins) and latest score
-- (latest_…) from the last of its new score rows (view incident_new_latest: incident_id, "at", heat, severity,
-- negative_share, level), in the transaction that wrote them. Only rows where something moves are written:
-- a rewrite of each unchanged row would grow the log the next checkpoint has to write out.
UPDATE incidents SET computed_level = n.level, level = coalesce(incidents.level_override, n.level),
                     latest_heat = n.heat, latest_severity = n.severity,
                     latest_negative_share = n.negative_share, latest_scored_at = n."at"
FROM incident_new_latest n
WHERE incidents.id = n.incident_id
  AND (incidents.computed_level IS DISTINCT FROM n.level
       OR incidents.level IS DISTINCT FROM coalesce(incidents.level_override, n.level)
       OR incidents.latest_heat IS DISTINCT FROM n.heat
       OR incidents.latest_severity IS DISTINCT FROM n.severity
       OR incidents.latest_negative_share IS DISTINCT FROM n.negative_share
       OR incidents.latest_scored_at IS DISTINCT FROM n."at");
