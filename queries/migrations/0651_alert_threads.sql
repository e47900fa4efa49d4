-- One alert thread per incident (DESIGN §4): each alert row is one change of a thread; the first
-- carries the evidence, later ones update it and are pushed only when they escalate. The rules
-- that fired in a change are kept one row each in alert_triggers (what suppression compares).
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS thread_id BIGINT;         -- id of the thread's first alert
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS notify BOOLEAN DEFAULT TRUE; -- pushed to channels (start or escalation)
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS reason VARCHAR;           -- why it was pushed, or why only recorded
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS rules VARCHAR[];          -- every rule that fired in this change

CREATE TABLE IF NOT EXISTS alert_triggers (
    alert_id   BIGINT NOT NULL,
    rule       VARCHAR NOT NULL,
    scope_kind VARCHAR NOT NULL,
    scope_key  VARCHAR NOT NULL,
    bucket_at  TIMESTAMPTZ,
    level      VARCHAR
);
CREATE INDEX IF NOT EXISTS alert_triggers_alert ON alert_triggers (alert_id);

-- Alerts so far: an incident's alerts form its thread, every other alert is a thread of its own.
UPDATE alerts SET notify = TRUE, rules = [rule],
       thread_id = coalesce((SELECT min(b.id) FROM alerts b WHERE b.incident_id = alerts.incident_id), alerts.id);
INSERT INTO alert_triggers (alert_id, rule, scope_kind, scope_key, bucket_at, level)
SELECT id, rule, coalesce(scope_kind, 'incident'), coalesce(scope_key, CAST(incident_id AS VARCHAR), CAST(id AS VARCHAR)),
       bucket_at, level
FROM alerts;
