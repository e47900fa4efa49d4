-- Whether a table or view named $table_name exists (optional tables other areas create).
SELECT count(*) > 0 AS present
FROM information_schema.tables
WHERE table_name = $table_name;
