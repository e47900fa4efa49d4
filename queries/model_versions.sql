-- Every registered model version with its headline metrics, newest first.
SELECT
    version,
    kind,
    created_at,
    created_by,
    active,
    TRY_CAST(json_extract(metrics, '$.sentiment.macro_f1') AS DOUBLE) AS sentiment_macro_f1,
    TRY_CAST(json_extract(metrics, '$.category.macro_f1') AS DOUBLE)  AS category_macro_f1,
    TRY_CAST(json_extract(metrics, '$.emotion.macro_f1') AS DOUBLE)   AS emotion_macro_f1,
    TRY_CAST(json_extract(heldout, '$.size') AS INTEGER)              AS heldout_size,
    activated_at,
    activated_by,
    CAST(train_rows AS VARCHAR) AS train_rows,
    CAST(metrics AS VARCHAR)    AS metrics,
    CAST(heldout AS VARCHAR)    AS heldout
FROM model_versions
ORDER BY created_at DESC, version DESC;
