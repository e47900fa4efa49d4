-- One model version's metrics and held-out comparison, as JSON text.
SELECT version, CAST(metrics AS VARCHAR) AS metrics, CAST(heldout AS VARCHAR) AS heldout
FROM model_versions
WHERE version = $version;
