-- The app's scheduled monitoring: on or off and how often, set on page 采集监测 (one row, id 1).
CREATE TABLE IF NOT EXISTS monitor_schedule (
    id               INTEGER PRIMARY KEY,
    enabled          BOOLEAN NOT NULL DEFAULT TRUE,
    interval_seconds INTEGER NOT NULL DEFAULT 900,
    updated_by       VARCHAR,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO monitor_schedule (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM monitor_schedule);
