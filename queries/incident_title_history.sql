-- Every title one incident had, oldest first: the model's and each analyst's rename.
SELECT "at", title, source, actor
FROM incident_titles
WHERE incident_id = $incident_id
ORDER BY "at", id;
