-- Registered model versions for analysis: the shipped artifact and candidates from retraining.
-- Exactly one row is active at a time (workbench.nlp.registry.activate keeps it so).
CREATE TABLE IF NOT EXISTS model_versions (
    version       VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,          -- shipped | candidate
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    VARCHAR,
    active        BOOLEAN NOT NULL DEFAULT FALSE,
    artifact_path VARCHAR,                   -- shipped: path relative to the project
    artifact      BLOB,                      -- candidates: the joblib bytes, kept with the store
    train_rows    JSON,                      -- rows per training source
    metrics       JSON,                      -- per field: n, macro_f1, accuracy, labels, confusion (own validation part)
    heldout       JSON,                      -- candidates: candidate vs active on held-out reviewed labels
    activated_at  TIMESTAMPTZ,
    activated_by  VARCHAR
);
