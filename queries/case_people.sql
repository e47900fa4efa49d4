-- Every person named on one incident's records (owner, roles, plans, actions, statements, review, lessons): what a training case leaves out.
SELECT DISTINCT name FROM (
    SELECT owner AS name FROM incidents WHERE id = $incident_id
    UNION ALL SELECT owner FROM plans WHERE incident_id = $incident_id
    UNION ALL SELECT created_by FROM plans WHERE incident_id = $incident_id
    UNION ALL SELECT person FROM assignments WHERE incident_id = $incident_id
    UNION ALL SELECT owner FROM actions WHERE incident_id = $incident_id
    UNION ALL SELECT created_by FROM statements WHERE incident_id = $incident_id
    UNION ALL SELECT approved_by FROM statements WHERE incident_id = $incident_id
    UNION ALL SELECT updated_by FROM reviews WHERE incident_id = $incident_id
    UNION ALL SELECT created_by FROM lessons WHERE incident_id = $incident_id
)
WHERE name IS NOT NULL AND length(trim(name)) >= 2;
