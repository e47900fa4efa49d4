-- Every level override of one incident and its clearing, newest first, beside the computed level then.
SELECT "at" AS at, actor, level, computed_level, reason
FROM incident_level_overrides
WHERE incident_id = $incident_id
ORDER BY "at" DESC, id DESC;
