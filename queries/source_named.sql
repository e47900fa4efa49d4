-- The id of the source named $source_name, if any (source names are unique).
SELECT id FROM sources WHERE name = $source_name;
