-- One alert with its evidence JSON (the 预警汇报 detail panel).
SELECT a.id, a.created_at, a.level, a.rule, a.scope_kind, a.scope_key, a.scope_label, a.message,
       a.incident_id, a.bucket_at, coalesce(a.thread_id, a.id) AS thread_id, coalesce(a.notify, TRUE) AS notify, a.reason,
       CAST(a.evidence AS VARCHAR) AS evidence,
       a.acknowledged_by, a.acknowledged_at
FROM alerts a
WHERE a.id = $alert_id;
