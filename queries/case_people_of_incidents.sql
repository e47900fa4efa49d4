-- Every person named on the records of several incidents (as case_people, for a shelf of cases at once).
SELECT DISTINCT incident_id, name FROM (
    SELECT id AS incident_id, owner AS name FROM incidents WHERE list_contains($incident_ids, id)
    UNION ALL SELECT incident_id, owner FROM plans WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, created_by FROM plans WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, person FROM assignments WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, owner FROM actions WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, created_by FROM statements WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, approved_by FROM statements WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, updated_by FROM reviews WHERE list_contains($incident_ids, incident_id)
    UNION ALL SELECT incident_id, created_by FROM lessons WHERE list_contains($incident_ids, incident_id)
)
WHERE name IS NOT NULL AND length(trim(name)) >= 2
ORDER BY incident_id, name;
