-- The active model version (at most one row).
SELECT version, kind, artifact_path
FROM model_versions
WHERE active
ORDER BY activated_at DESC NULLS LAST
LIMIT 1;
