-- Every tone a person set on one incident (polarity NULL: handed back to the model), newest first,
-- beside the tone its posts read as then.
SELECT "at" AS at, actor, polarity, read_as, reason
FROM incident_tone_settings
WHERE incident_id = $incident_id
ORDER BY "at" DESC, id DESC;
