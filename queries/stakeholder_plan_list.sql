-- One incident's own audience settings (channel, cadence), overriding the defaults by level.
SELECT audience, channel, cadence_hours, updated_by, updated_at
FROM stakeholder_plans
WHERE incident_id = $incident_id
ORDER BY audience;
