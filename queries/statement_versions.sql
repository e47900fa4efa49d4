-- Every version of one statement's text, newest first.
SELECT statement_id, version, body, created_by, created_at
FROM statement_versions
WHERE statement_id = $statement_id
ORDER BY version DESC;
