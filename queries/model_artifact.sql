-- Where one model version's artifact is: a project path (shipped) or the stored bytes (candidates).
SELECT version, artifact_path, artifact, artifact_digest
FROM model_versions
WHERE version = $version;
