-- The id of the source named $name, if any (source names are unique).
SELECT id FROM sources WHERE name = $name;
